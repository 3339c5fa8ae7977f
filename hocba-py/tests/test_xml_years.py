"""One pupil's signed national XML records of several school years verified as one học bạ
(`verify_xml_transcript`, ADR 0170): a year missing, two pupils, a recalled year with its
replacement, two records in force for one year, the roles policy, an unreadable record."""

from __future__ import annotations

import uuid

import pytest

import hocba
from conftest import PKI, SIGNING_TIME, VERIFY_AT

PRIVATE = "Trường Tiểu học Tư thục Thử Nghiệm"
RSA = (("gvcn", "gvcn-rsa"), ("hieu_truong", "principal-rsa"), ("con_dau", "seal-rsa"))


@pytest.fixture(scope="module")
def roots():
    return hocba.TrustStore(PKI / "roots.pem")


def _sign(record, roles=RSA):
    """`record` (a JSON dict) at the private test school, written as national XML, signed."""
    record = dict(record)
    record["school"] = dict(record["school"], name=PRIVATE)
    record["homeroom_teacher"] = {"full_name": "Phạm Thu Hà", "personal_id": "001191000007"}
    record["principal"] = dict(
        record["principal"], full_name="Đỗ Quang Huy", personal_id="001079000008"
    )
    xml = hocba.YearRecord.from_json(record).to_xml()
    for i, (role, name) in enumerate(roles):
        key = hocba.SigningKey.from_pkcs8(PKI / "keys" / f"{name}.pk8")
        xml = hocba.sign_xml(
            xml,
            key,
            PKI / "chains" / f"{name}.pem",
            role=role,
            signing_time=SIGNING_TIME.replace(minute=i),
        )
    return xml


@pytest.fixture(scope="module")
def pupil():
    years = [y.to_dict() for y in hocba.synth.demo_transcript().years]
    return years, [_sign(y) for y in years]


def test_five_years_verify_as_one(roots, pupil):
    _, signed = pupil
    report = hocba.verify_xml_transcript(list(reversed(signed)), roots, at=VERIFY_AT)
    assert report.status == "valid" and report.valid and report.error is None, report.issues
    assert [y["school_year"] for y in report.years] == [
        "2020-2021",
        "2021-2022",
        "2022-2023",
        "2023-2024",
        "2024-2025",
    ]
    assert [r.grade for r in report.records] == [1, 2, 3, 4, 5]
    assert report.years[0]["revision_info"][0]["record"] == 4


def test_a_missing_year_and_another_pupil(roots, pupil):
    years, signed = pupil
    report = hocba.verify_xml_transcript(signed[:2] + signed[3:], roots, at=VERIFY_AT)
    assert (report.status, report.error) == ("invalid", "school_years_not_consecutive")
    assert report.records is None
    other = hocba.synth.transcript(5, "regular").years[2].to_dict()
    report = hocba.verify_xml_transcript(signed[:2] + [_sign(other)], roots, at=VERIFY_AT)
    assert report.error == "pupil_mismatch"
    assert [i["code"] for i in report.issues] == ["pupil_mismatch"]


def test_a_recalled_year_and_its_replacement(roots, pupil):
    years, signed = pupil
    old = years[1]["lookup_code"]
    new = str(uuid.UUID(bytes=bytes(range(16)), version=4))
    fixed = dict(years[1], lookup_code=new)
    fixed["comments"] = dict(fixed["comments"], homeroom="Nhận xét đã sửa.")
    records = signed + [_sign(fixed)]
    report = hocba.verify_xml_transcript(records, roots, at=VERIFY_AT)
    assert report.error == "duplicate_year"
    report = hocba.verify_xml_transcript(records, roots, at=VERIFY_AT, recalled=[old])
    assert report.valid, report.issues
    info = report.years[1]["revision_info"]
    assert [(i["lookup_code"], i["recalled"]) for i in info] == [(old, True), (new, False)]
    assert report.records[1].lookup_code == new
    report = hocba.verify_xml_transcript(records, roots, at=VERIFY_AT, replaced={old: new})
    info = report.years[1]["revision_info"]
    assert report.valid and info[1]["supersedes"] == info[0]["digest"]
    report = hocba.verify_xml_transcript(signed, roots, at=VERIFY_AT, recalled=[old])
    assert report.error == "year_recalled"


def test_roles_policy_and_errors(roots, pupil):
    years, signed = pupil
    partial = _sign(years[2], roles=RSA[1:])
    records = signed[:2] + [partial]
    assert hocba.verify_xml_transcript(records, roots, at=VERIFY_AT).status == "incomplete"
    report = hocba.verify_xml_transcript(records, roots, at=VERIFY_AT, roles="spec_minimum")
    assert report.valid, report.issues
    with pytest.raises(ValueError):
        hocba.verify_xml_transcript(records, roots, roles="some")
    with pytest.raises(hocba.HocbaError) as e:
        hocba.verify_xml_transcript([signed[0], b"<HOC_BA"], roots, at=VERIFY_AT)
    assert e.value.code == "xml_malformed"
    assert e.value.record == 1


def test_the_years_render_as_one_pdf_that_verifies_on_its_own(roots, pupil):
    """ADR 0121: a pupil's signed national XML as one học bạ PDF, each year's XML inside."""
    years, signed = pupil
    pdf = hocba.render_pdf(list(reversed(signed)), roots, at=VERIFY_AT)
    assert pdf.startswith(b"%PDF-")
    assert pdf == hocba.render_pdf(tuple(signed), roots, at=VERIFY_AT), "any order, same bytes"
    checked = hocba.verify_pdf(pdf, roots, at=VERIFY_AT)
    assert checked.valid and checked.transcript and checked.pages_match, checked.error
    assert len(checked.years) == 5
    # One signed year alone verifies and renders through the calls COSE uses (the core routes
    # XML and COSE: ADR 0112, 0121).
    assert hocba.verify(signed[4], roots, at=VERIFY_AT).valid
    same = hocba.verify_xml(signed[4], roots, at=VERIFY_AT).to_dict()
    assert hocba.verify(signed[4], roots, at=VERIFY_AT).to_dict() == same
    one = hocba.render_pdf(signed[4], roots, at=VERIFY_AT)
    assert hocba.verify_pdf(one, roots, at=VERIFY_AT).valid
    # A year missing: rendered, but the PDF is not a valid học bạ.
    gap = hocba.render_pdf(signed[:2] + signed[3:], roots, at=VERIFY_AT)
    assert not hocba.verify_pdf(gap, roots, at=VERIFY_AT).valid
    # Two records for one school year: neither is in force without the portal's recall facts,
    # so no page can show that year; with them the replacement is.
    old, new = years[1]["lookup_code"], str(uuid.UUID(bytes=bytes(range(16)), version=4))
    fixed = _sign(dict(years[1], lookup_code=new))
    both = signed[:2] + [fixed] + signed[2:]
    with pytest.raises(hocba.RenderError) as info:
        hocba.render_pdf(both, roots, at=VERIFY_AT)
    assert info.value.code == "year_not_in_force"
    for facts in ({"recalled": [old]}, {"recalled": [old], "replaced": {old: new}}):
        pdf = hocba.render_pdf(both, roots, at=VERIFY_AT, **facts)
        assert hocba.verify_pdf(pdf, roots, at=VERIFY_AT).valid, facts
    # Its only record recalled: the year has nothing in force.
    with pytest.raises(hocba.RenderError) as info:
        hocba.render_pdf(signed, roots, at=VERIFY_AT, recalled=[old])
    assert info.value.code == "year_not_in_force"
    # An unreadable record is named by its index; the identity page must be this pupil's.
    with pytest.raises(hocba.HocbaError) as info:
        hocba.render_pdf([signed[0], b"<HOC_BA>"], roots, at=VERIFY_AT)
    assert info.value.record == 1
    other = hocba.synth.transcript(5, "regular")
    with pytest.raises(hocba.HocbaError) as info:
        hocba.render_pdf(signed, roots, at=VERIFY_AT, transcript=other)
    assert info.value.code == "pupil_mismatch"
    with pytest.raises(TypeError):
        hocba.render_pdf([signed[0], 7], roots, at=VERIFY_AT)  # type: ignore[list-item]
