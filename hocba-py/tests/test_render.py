"""hocba.render_pdf: a year record as the học bạ PDF."""

from __future__ import annotations

import pytest

import hocba
from conftest import VERIFY_AT, pki_record, sign_all


def test_draft_pdf_is_deterministic():
    rec = pki_record(50)
    pdf = hocba.render_pdf(rec)
    assert pdf.startswith(b"%PDF-")
    assert hocba.render_pdf(rec) == pdf


def test_signed_pdf_is_rendered_from_verification(trust):
    rec = pki_record(51)
    signed = sign_all(rec)
    pdf = hocba.render_pdf(signed, trust, at=VERIFY_AT)
    assert pdf.startswith(b"%PDF-")
    assert pdf == hocba.render_pdf(signed, trust, at=VERIFY_AT)
    assert pdf != hocba.render_pdf(rec)
    # Not trusted: still rendered, but from a failed verification (so it differs).
    assert hocba.render_pdf(signed, hocba.TrustStore(), at=VERIFY_AT) != pdf


def test_render_errors(trust):
    with pytest.raises(ValueError):
        hocba.render_pdf(sign_all(pki_record(52)))
    with pytest.raises(hocba.DecodeError) as info:  # no hocba input at all (ADR 0220)
        hocba.render_pdf(b"\x00", trust)
    assert info.value.code == "unrecognised_input"
    with pytest.raises(hocba.SignatureError) as info:  # JSON: not a signed record
        hocba.render_pdf(b"{}", trust)
    assert info.value.code == "not_cose_sign"
    for bad in (None, "x", 1, pki_record(52).to_dict()):
        with pytest.raises(TypeError):
            hocba.render_pdf(bad, trust)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hocba.render_pdf(sign_all(pki_record(52)), "roots.pem")  # type: ignore[arg-type]


def test_signed_transcript_container_is_rendered_after_its_identity_page(trust):
    from conftest import VECTORS

    container_path = VECTORS / "verify" / "correction_chain.cbor"
    if not container_path.exists():
        pytest.skip(f"vectors not found at {VECTORS}")
    container = container_path.read_bytes()
    context = hocba.Transcript.from_json(
        (VECTORS / "verify" / "correction_chain.context.json").read_text(encoding="utf-8")
    )
    pdf = hocba.render_pdf(container, trust, at=VERIFY_AT, transcript=context)
    assert pdf.startswith(b"%PDF-")
    assert pdf == hocba.render_pdf(container, trust, at=VERIFY_AT, transcript=context)
    # The identity page is required, and it must be this pupil's.
    with pytest.raises(ValueError):
        hocba.render_pdf(container, trust, at=VERIFY_AT)
    other = hocba.Transcript.from_json(
        (VECTORS / "canonical" / "transcript_two_schools.json").read_text(encoding="utf-8")
    )
    with pytest.raises(hocba.HocbaError) as info:
        hocba.render_pdf(container, trust, at=VERIFY_AT, transcript=other)
    assert info.value.code == "pupil_mismatch"
