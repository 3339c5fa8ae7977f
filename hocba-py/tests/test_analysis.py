"""Analysis helpers: rows per pupil-year and per pupil-year-subject, and DataFrames."""

from __future__ import annotations

import datetime

import pytest

import hocba


@pytest.fixture
def records(record_dict):
    second = hocba.YearRecord.from_json(record_dict).to_dict()
    second["pupil"]["pupil_code"] = "HS-0480002"
    second["pupil"]["full_name"] = "Lê Minh Khôi"
    second["pupil"]["gender"] = "M"
    second["subjects"] = second["subjects"][:3]
    second["result"] = "cht"
    second["awards"] = []
    return [hocba.YearRecord.from_json(record_dict), hocba.YearRecord.from_json(second)]


def test_year_rows(records):
    rows = hocba.year_rows(records)
    assert len(rows) == 2
    first = rows[0]
    assert first["school_code"] == "48-TH-0001"
    assert first["school_year"] == "2024-2025"
    assert first["grade"] == 3
    assert first["pupil_code"] == "HS-0480001"
    assert first["full_name"] == "Trần Thị Bích Ngọc"
    assert first["date_of_birth"] == datetime.date(2016, 3, 14)
    assert first["result"] == "ht"
    assert first["class_completed"] is True
    assert first["promotion"] == "len_lop"
    assert first["awards"] == ["dot_xuat"]
    assert first["quality_yeu_nuoc"] == "T"
    assert first["competency_the_chat"] == "D"
    assert first["days_absent"] == 2
    assert (first["absences_excused"], first["absences_unexcused"]) == (None, None)
    assert rows[1]["result"] == "cht" and rows[1]["awards"] == []
    # Every row has the same columns.
    assert all(r.keys() == first.keys() for r in rows)


def test_subject_rows(records):
    rows = hocba.subject_rows(records)
    assert len(rows) == 10 + 3
    toan = [r for r in rows if r["pupil_code"] == "HS-0480001" and r["subject"] == "toan"]
    assert len(toan) == 1
    assert toan[0]["score"] == 10 and toan[0]["level"] == "T" and toan[0]["retest"] is False
    dao_duc = [r for r in rows if r["subject"] == "dao_duc"][0]
    assert dao_duc["score"] is None
    english = [r for r in rows if r["subject"] == "ngoai_ngu_1"]
    assert {r["language"] for r in english} == {"Tiếng Anh"}


def test_identity_columns_can_be_left_out(records):
    for rows in (hocba.year_rows(records, identity=False),
                 hocba.subject_rows(records, identity=False)):
        for row in rows:
            assert "full_name" not in row
            assert "personal_id" not in row
            assert "date_of_birth" not in row
            assert "register_number" not in row
            assert row["pupil_code"].startswith("HS-")


def test_rows_accept_one_record_a_transcript_and_generators(records, record_dict):
    assert len(hocba.year_rows(records[0])) == 1
    t = hocba.Transcript.from_json(
        {"pupil": record_dict["pupil"], "enrolments": [], "years": [record_dict, record_dict]}
    )
    assert len(hocba.year_rows(t)) == 2
    assert len(hocba.year_rows([t, records[1]])) == 3
    assert len(hocba.subject_rows(r for r in records)) == 13
    assert hocba.year_rows([]) == []


@pytest.mark.parametrize("bad", [None, 3, "text", [1], [None], {"a": 1}])
def test_rows_reject_other_types(bad):
    with pytest.raises(TypeError):
        hocba.year_rows(bad)
    with pytest.raises(TypeError):
        hocba.subject_rows(bad)


def test_to_pandas(records):
    pd = pytest.importorskip("pandas")
    years = hocba.to_pandas(records)
    assert isinstance(years, pd.DataFrame)
    assert len(years) == 2
    assert list(years["result"]) == ["ht", "cht"]
    subjects = hocba.to_pandas(records, "subjects", identity=False)
    assert len(subjects) == 13 and "full_name" not in subjects.columns
    mean = subjects[subjects.subject == "toan"]["score"].mean()
    assert mean == 10
    with pytest.raises(ValueError):
        hocba.to_pandas(records, "pupils")  # type: ignore[arg-type]


def test_rows_of_national_xml_carry_its_absences_and_lookup_code():
    from conftest import VECTORS

    xml = (VECTORS / "signed_xml" / "unsigned.xml").read_bytes()
    record = hocba.YearRecord.from_xml(xml)
    assert record.absences_excused is not None and record.lookup_code is not None
    row = hocba.year_rows([record])[0]
    assert row["absences_excused"] == record.absences_excused
    assert row["absences_unexcused"] == record.absences_unexcused
    assert row["lookup_code"] == record.lookup_code
    assert row["register_number"] == record.register_number
    assert row["days_absent"] is None  # the national format counts sessions, not days
    subject = hocba.subject_rows([record], identity=False)[0]
    assert subject["lookup_code"] == record.lookup_code
