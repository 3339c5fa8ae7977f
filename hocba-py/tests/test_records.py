"""Records: JSON in and out, attribute access, equality, immutability, pickling."""

from __future__ import annotations

import datetime
import json
import pickle
import unicodedata

import pytest

import hocba


def test_from_json_text_and_dict_are_equal(record_dict, record_json):
    a = hocba.YearRecord.from_json(record_json)
    b = hocba.YearRecord.from_json(record_dict)
    assert a == b
    assert not (a != b)


def test_attribute_access(record_dict):
    rec = hocba.YearRecord.from_json(record_dict)
    assert rec.rule_set == "TT27/2020"
    assert rec.grade == 3
    assert rec.school_year == "2024-2025"
    assert rec.class_name == "3A"
    assert rec.result == "ht"
    assert rec.pupil.full_name == "Trần Thị Bích Ngọc"
    assert rec.pupil.gender == "F"
    assert rec.pupil.date_of_birth == datetime.date(2016, 3, 14)
    assert rec.pupil.ethnicity == 1
    assert rec.pupil.personal_id == "048316000123"
    assert rec.pupil.father is None
    assert rec.pupil.mother is not None and rec.pupil.mother.birth_year == 1988
    assert rec.pupil.residence.detail == "Tổ 12"
    assert rec.pupil.residence.district is None
    assert rec.pupil.residence.province.code == "48"
    assert rec.pupil.residence.as_of == datetime.date(2025, 7, 1)
    assert rec.school.code == "48-TH-0001"
    assert rec.principal.capacity == "hieu_truong"
    assert rec.height_mm == 1290 and rec.weight_g == 27500 and rec.days_absent == 2
    assert [s.subject for s in rec.subjects][:2] == ["tieng_viet", "toan"]
    toan = rec.subject("toan")
    assert toan is not None and toan.score == 10 and toan.level == "T" and toan.retest is False
    assert rec.subject("khoa_hoc") is None
    assert rec.subject("no_such_subject") is None
    assert rec.subject("ngoai_ngu_1").language == "Tiếng Anh"
    assert len(rec.qualities) == 5 and rec.qualities[0].quality == "yeu_nuoc"
    assert len(rec.competencies) == 10
    assert rec.periodic == []
    assert [a.kind for a in rec.awards] == ["dot_xuat"]
    assert rec.awards[0].description.startswith("Giải Nhì")
    assert rec.completion.class_completed is True
    assert rec.completion.promotion == "len_lop"
    assert rec.completion.supplementary is None
    assert rec.correction is None


def test_nested_values_compare_by_value(record_dict):
    a = hocba.YearRecord.from_json(record_dict)
    b = hocba.YearRecord.from_json(record_dict)
    assert a.pupil == b.pupil
    assert a.subjects == b.subjects
    assert a.subjects[0] != a.subjects[1]
    assert a != "not a record"


def test_to_json_round_trip(record_dict):
    rec = hocba.YearRecord.from_json(record_dict)
    assert hocba.YearRecord.from_json(rec.to_json()) == rec
    assert hocba.YearRecord.from_json(rec.to_json(indent=True)) == rec
    assert hocba.YearRecord.from_json(rec.to_dict()) == rec
    assert rec.to_dict() == json.loads(rec.to_json())
    # Fields keep their documented JSON names; absent optionals are left out.
    d = rec.to_dict()
    assert d["pupil"]["full_name"] == "Trần Thị Bích Ngọc"
    assert "correction" not in d


def test_changed_value_is_a_different_record(record_dict):
    a = hocba.YearRecord.from_json(record_dict)
    record_dict["subjects"][1]["score"] = 9
    b = hocba.YearRecord.from_json(record_dict)
    assert a != b


def test_text_is_nfc_normalised(record_dict):
    nfd = unicodedata.normalize("NFD", record_dict["pupil"]["full_name"])
    assert nfd != record_dict["pupil"]["full_name"]
    record_dict["pupil"]["full_name"] = nfd
    rec = hocba.YearRecord.from_json(record_dict)
    assert rec.pupil.full_name == unicodedata.normalize("NFC", nfd)


def test_records_are_immutable(record_dict):
    rec = hocba.YearRecord.from_json(record_dict)
    with pytest.raises(AttributeError):
        rec.grade = 4  # type: ignore[misc]
    with pytest.raises(AttributeError):
        rec.pupil.full_name = "X"  # type: ignore[misc]


def test_repr_does_not_leak_pupil_data(record_dict):
    rec = hocba.YearRecord.from_json(record_dict)
    for obj in (rec, rec.pupil, rec.subjects[0], rec.pupil.mother):
        text = repr(obj)
        assert text.startswith("<hocba.")
        for secret in ("Ngọc", "048316000123", "2016", "Hoa"):
            assert secret not in text


def test_pickle_round_trip(record_dict):
    rec = hocba.YearRecord.from_json(record_dict)
    assert pickle.loads(pickle.dumps(rec)) == rec


def test_transcript(record_dict):
    t = hocba.Transcript.from_json(
        {
            "pupil": record_dict["pupil"],
            "enrolments": [
                {
                    "school_year": "2024-2025",
                    "class_name": "3A",
                    "school_name": record_dict["school"]["name"],
                    "school_code": record_dict["school"]["code"],
                    "register_number": "12/2022",
                    "admitted_on": "2022-09-05",
                    "admission": "nhap_hoc",
                }
            ],
            "years": [record_dict],
        }
    )
    assert t.pupil == hocba.YearRecord.from_json(record_dict).pupil
    assert t.enrolments[0].admitted_on == datetime.date(2022, 9, 5)
    assert t.enrolments[0].admission == "nhap_hoc"
    assert t.years == [hocba.YearRecord.from_json(record_dict)]
    assert pickle.loads(pickle.dumps(t)) == t
    assert hocba.Transcript.from_json(t.to_json()) == t


def test_format_2_fields_of_the_national_format():
    rec = hocba.synth.year_record(1)
    code = rec.lookup_code
    assert code is not None and len(code) == 36 and code[14] == "4" and code == code.lower()
    assert isinstance(rec.absences_excused, int) and isinstance(rec.absences_unexcused, int)
    assert rec.register_number
    assert [s.school_year for s in rec.history][-1] == rec.school_year
    assert isinstance(rec.history[0], hocba.SchoolStep)
    assert rec.history[0].moved_in_on is None or isinstance(rec.history[0].moved_in_on, datetime.date)
    c = rec.comments
    assert isinstance(c, hocba.GroupComments)
    assert c.qualities and c.general_competencies and c.specific_competencies and c.homeroom
    i = rec.issuance
    assert isinstance(i, hocba.Issuance) and i.place
    assert i.created_at.utcoffset() == datetime.timedelta(hours=7)
    assert i.issued_at is not None and i.issued_at > i.created_at
    d = rec.school.department
    assert isinstance(d, hocba.Department) and d.code and d.name.startswith("Sở Giáo dục")
    assert rec.homeroom_teacher.personal_id and len(rec.homeroom_teacher.personal_id) == 12
    p = rec.principal
    assert p.personal_id and len(p.personal_id) == 12
    assert p.title_or_capacity() == (p.title or "Hiệu trưởng")
    # Grade 4: Tin học và Công nghệ as its two rows, each with its own level and score.
    subjects = [s.subject for s in rec.subjects]
    assert "tin_hoc" in subjects and "cong_nghe" in subjects
    assert "tin_hoc_cong_nghe" not in subjects
    assert rec.subject("cong_nghe").score is not None
    assert rec.to_dict()["lookup_code"] == code


def test_format_1_record_has_no_format_2_fields(record_dict):
    rec = hocba.YearRecord.from_json(record_dict)
    assert rec.lookup_code is None and rec.issuance is None and rec.history == []
    assert rec.comments.homeroom is None and rec.school.department is None
    assert rec.principal.title is None and rec.principal.title_or_capacity() == "Hiệu trưởng"
    assert rec.subject("tin_hoc_cong_nghe").score == 9
