"""hocba.validate: the TT27 rules, every violation, derived values, ValidationError."""

from __future__ import annotations

import pytest

import hocba
from hocba import synth


def test_valid_synthetic_record(record_dict):
    rec = hocba.YearRecord.from_json(record_dict)
    report = hocba.validate(rec)
    assert report.ok and bool(report)
    assert report.errors == []
    assert report.derived is not None
    assert report.derived.result == rec.result == "ht"
    assert report.derived.class_completed is True
    assert report.derived.primary_completed is False
    assert report.raise_for_errors() is report
    d = report.to_dict()
    assert d["ok"] is True and isinstance(d["violations"], list)


def test_generated_records_are_valid():
    for seed in range(5):
        assert hocba.validate(synth.year_record(seed)).ok
    assert hocba.validate(synth.demo_transcript()).ok
    t = synth.transcript(4, "retained_once")
    report = hocba.validate(t)
    assert report.ok
    assert len(report.derived_per_year) == len(t.years)


def test_every_violation_is_reported(record_dict):
    del record_dict["subjects"][1]["score"]          # Toán grade 3: year-end test score missing
    record_dict["subjects"][0]["score"] = 10          # changes nothing by itself
    record_dict["qualities"] = record_dict["qualities"][:4]   # one quality missing
    rec = hocba.YearRecord.from_json(record_dict)
    report = hocba.validate(rec)
    assert not report.ok and not bool(report)
    assert report.has("score_missing") and report.has("quality_missing")
    missing = [v for v in report.violations if v.code == "score_missing"][0]
    assert missing.path == "subjects[1].score"
    assert missing.severity == "error"
    assert missing.rule.startswith("TT27 Điều 7.1")
    assert missing.rule_id == "SCO-01"
    assert missing.message and missing.message_vi and missing.message != missing.message_vi
    assert missing.to_dict()["code"] == "score_missing"
    assert len(report) == len(report.violations) >= 2
    assert set(report.codes) >= {"score_missing", "quality_missing"}

    with pytest.raises(hocba.ValidationError) as info:
        report.raise_for_errors()
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, hocba.HocbaError)
    errors = err.errors()
    assert [e["code"] for e in errors] == [v.code for v in report.errors]
    assert set(errors[0]) == {"code", "rule_id", "rule", "path", "severity", "message", "message_vi"}
    assert err.code == errors[0]["code"]
    assert "Ngọc" not in str(err) and "Ngọc" not in err.message_vi


def test_policy(record_dict):
    record_dict["subjects"][1]["score"] = 0
    record_dict["subjects"][1]["level"] = "C"
    record_dict["result"] = "cht"
    rec = hocba.YearRecord.from_json(record_dict)
    default = hocba.validate(rec)
    zero = [v for v in default.violations if v.code == "score_zero"]
    assert zero and zero[0].severity == "warning"
    strict = hocba.validate(rec, {"zero_score": "error"})
    assert [v.severity for v in strict.violations if v.code == "score_zero"] == ["error"]
    off = hocba.validate(rec, policy={"zero_score": "off"})
    assert not off.has("score_zero")
    # The core's one reading of a policy (as the CLI's --policy): the setting is named.
    with pytest.raises(hocba.ArgumentError) as unknown:
        hocba.validate(rec, {"zero_scor": "error"})
    assert unknown.value.code == "invalid_policy" and "zero_scor" in str(unknown.value)
    with pytest.raises(hocba.ArgumentError) as bad:
        hocba.validate(rec, {"zero_score": "fatal"})
    assert "zero_score" in str(bad.value) and "zero_score" in bad.value.message_vi
    with pytest.raises(TypeError):
        hocba.validate(rec, ["zero_score"])  # type: ignore[arg-type]


def test_wrong_record_type():
    for bad in (None, {}, "x", 1):
        with pytest.raises(TypeError):
            hocba.validate(bad)  # type: ignore[arg-type]
    # Bytes are a document, read as `hocba validate` reads a file.
    record = synth.year_record(1)
    assert hocba.validate(record.to_cbor()).codes == hocba.validate(record).codes


def test_tin_hoc_cong_nghe_rows_and_policy(record_dict):
    # Format 1: the combined row, no national fields: only the national-format warnings.
    rec = hocba.YearRecord.from_json(record_dict)
    report = hocba.validate(rec)
    assert report.ok and not report.has("ict_combined_row")
    assert report.has("national_field_missing")
    assert all(v.severity == "warning" for v in report.violations)
    assert hocba.validate(rec, {"national_completeness": "off"}).violations == []
    # Both forms at once.
    both = dict(record_dict)
    both["subjects"] = record_dict["subjects"] + [
        {"subject": "tin_hoc", "level": "T", "score": 9},
        {"subject": "cong_nghe", "level": "T"},
    ]
    assert hocba.validate(hocba.YearRecord.from_json(both)).has("ict_rows_mixed")
    # The two rows: Công nghệ unscored is fine under the default, not under "both".
    two = dict(record_dict)
    two["subjects"] = [s for s in record_dict["subjects"] if s["subject"] != "tin_hoc_cong_nghe"] + [
        {"subject": "tin_hoc", "level": "T", "score": 9},
        {"subject": "cong_nghe", "level": "T"},
    ]
    rec = hocba.YearRecord.from_json(two)
    quiet = {"national_completeness": "off"}
    assert hocba.validate(rec, quiet).violations == []
    strict = hocba.validate(rec, dict(quiet, ict_periodic_test="both"))
    assert strict.codes == ["score_missing"]
    assert strict.violations[0].path == "subjects[10].score"
    with pytest.raises(hocba.ArgumentError, match="ict_periodic_test"):
        hocba.validate(rec, {"ict_periodic_test": "sometimes"})


def test_validate_judges_national_xml_bytes_by_what_the_format_carries():
    """A retained pupil's national XML cannot carry the supplementary assessment (ADR 0242):
    its bytes validate without that error, as `hocba validate` and Kotlin/Swift say; so does the
    record read from them with `from_xml` or `loads`, which remembers its origin (ADR 0261)."""
    from conftest import VECTORS

    xml = (VECTORS / "signed_xml" / "unsigned.xml").read_bytes().decode()
    retained = xml
    for a, b in [
        ("<KET_QUA_XEP_LOAI>Hoàn thành</KET_QUA_XEP_LOAI>", "<KET_QUA_XEP_LOAI>Chưa hoàn thành</KET_QUA_XEP_LOAI>"),
        ("<DUOC_LEN_LOP>1</DUOC_LEN_LOP>", "<DUOC_LEN_LOP>0</DUOC_LEN_LOP>"),
        ("Hoàn thành chương trình lớp 4; Được lên lớp 5.", "Chưa hoàn thành chương trình lớp 4; Ở lại lớp."),
        ("<DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC>1<", "<DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC>0<"),
        ("<DIEM_KIEM_TRA_DINH_KY>9</DIEM_KIEM_TRA_DINH_KY>", "<DIEM_KIEM_TRA_DINH_KY>3</DIEM_KIEM_TRA_DINH_KY>"),
    ]:
        assert a in retained, a
        retained = retained.replace(a, b, 1)
    from_bytes = hocba.validate(retained.encode())
    assert "supplementary_missing" not in from_bytes.codes
    assert "supplementary_not_carried" in from_bytes.codes
    # The record read from the XML is judged as its bytes are (QA: it got the generic rules).
    record = hocba.YearRecord.from_xml(retained.encode())
    assert hocba.validate(record).codes == from_bytes.codes
    assert hocba.validate(hocba.loads(retained.encode())).codes == from_bytes.codes
    # Its JSON form is hocba's own, which carries the supplementary assessment: every rule.
    as_json = hocba.YearRecord.from_json(record.to_dict())
    assert as_json == record
    assert "supplementary_missing" in hocba.validate(as_json).codes
    assert hocba.validate(bytearray(xml.encode())).codes == hocba.validate(xml.encode()).codes
    with pytest.raises(hocba.DecodeError):
        hocba.validate(b"<HOC_BA>")


def test_the_record_of_a_verified_national_xml_is_judged_the_national_way():
    """ADR 0261: the record a national XML's verification hands out keeps its origin."""
    from conftest import PKI, SIGNING_TIME, VECTORS, VERIFY_AT

    xml = (VECTORS / "signed_xml" / "unsigned.xml").read_bytes().decode()
    retained = xml
    for a, b in [
        ("<KET_QUA_XEP_LOAI>Hoàn thành</KET_QUA_XEP_LOAI>", "<KET_QUA_XEP_LOAI>Chưa hoàn thành</KET_QUA_XEP_LOAI>"),
        ("<DUOC_LEN_LOP>1</DUOC_LEN_LOP>", "<DUOC_LEN_LOP>0</DUOC_LEN_LOP>"),
        ("Hoàn thành chương trình lớp 4; Được lên lớp 5.", "Chưa hoàn thành chương trình lớp 4; Ở lại lớp."),
        ("<DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC>1<", "<DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC>0<"),
        ("<DIEM_KIEM_TRA_DINH_KY>9</DIEM_KIEM_TRA_DINH_KY>", "<DIEM_KIEM_TRA_DINH_KY>3</DIEM_KIEM_TRA_DINH_KY>"),
    ]:
        retained = retained.replace(a, b, 1)
    signed = retained.encode()
    for i, (role, name) in enumerate((("gvcn", "gvcn-rsa"), ("hieu_truong", "principal-rsa"), ("con_dau", "seal-rsa"))):
        key = hocba.SigningKey.from_pkcs8(PKI / "keys" / f"{name}.pk8")
        signed = hocba.sign_xml(
            signed, key, PKI / "chains" / f"{name}.pem", role=role,
            signing_time=SIGNING_TIME.replace(minute=i), without=["record"],
        )
    trust = hocba.TrustStore(PKI / "roots.pem")
    for report in (hocba.verify_xml(signed, trust, at=VERIFY_AT), hocba.verify_many([signed], trust, at=VERIFY_AT)[0]):
        assert report.valid, report.to_text("en")
        codes = hocba.validate(report.record).codes
        assert codes == hocba.validate(signed).codes
        assert "supplementary_missing" not in codes and "supplementary_not_carried" in codes
def test_dates_and_empty_elements_of_national_xml():
    """Dates against each other (ADR 0265) and empty elements (ADR 0266), judged by the core:
    the same codes as `hocba validate` and Kotlin/Swift."""
    from conftest import VECTORS

    xml = (VECTORS / "signed_xml" / "unsigned.xml").read_bytes().decode()
    assert hocba.validate(xml.encode()).ok

    def edited(a: str, b: str) -> bytes:
        assert a in xml, a
        return xml.replace(a, b, 1).encode()

    early = edited(
        "<NGAY_KY_PHAT_HANH_HOC_BA>2024-05-28T15:10:00+07:00",
        "<NGAY_KY_PHAT_HANH_HOC_BA>2024-05-20T15:10:00+07:00",
    )
    report = hocba.validate(early)
    assert not report.ok
    assert [v.code for v in report.errors] == ["issued_before_created"]
    assert report.errors[0].path == "issuance.issued_at"
    # The school calendar is a policy setting.
    april = edited(
        "<NGAY_TAO_HOC_BA>2024-05-24T09:27:00+07:00",
        "<NGAY_TAO_HOC_BA>2024-04-24T09:27:00+07:00",
    )
    assert "dated_before_year_end" in hocba.validate(april).codes
    assert hocba.validate(april).ok
    assert not hocba.validate(april, {"school_calendar": "error"}).ok
    assert "dated_before_year_end" not in hocba.validate(april, {"school_calendar": "off"}).codes
    # An optional element present but empty: absent, named with a warning.
    father = edited("<HO_VA_TEN_CHA>Đỗ Gia Đạt</HO_VA_TEN_CHA>", "<HO_VA_TEN_CHA/>")
    report = hocba.validate(father)
    assert report.ok
    assert report.codes == ["national_empty_element"]
    assert "HO_VA_TEN_CHA" in report.warnings[0].message
    assert hocba.YearRecord.from_xml(father).pupil.father is None
    # A required date, empty: refused while reading.
    with pytest.raises(hocba.DecodeError) as e:
        hocba.validate(edited("<NGAY_SINH>15/04/2014</NGAY_SINH>", "<NGAY_SINH></NGAY_SINH>"))
    assert e.value.code == "xml_empty_element"
