"""PDF signatures (PAdES, ADR 0150) on the rendered học bạ: in-process and external signing,
and ``verify_pdf``, the core's one verification of a PDF (the same as ``hocba verify x.pdf`` and
Kotlin/Swift ``TrustStore.verifyPdf``)."""

from __future__ import annotations

import datetime

import pytest

import hocba
from conftest import PKI, SIGNING_TIME, VERIFY_AT, pki_record, sign_all

SEAL = "seal-rsa-gov"
SEALED_AT = SIGNING_TIME + datetime.timedelta(hours=3)


def _chain(name: str):
    return PKI / "chains" / f"{name}.pem"


def _key(name: str, algorithm=None):
    return hocba.SigningKey.from_pkcs8(PKI / "keys" / f"{name}.pk8", algorithm)


@pytest.fixture(scope="module")
def rendered(trust):
    """A signed record of the test PKI's school rendered as its PDF (valid, no PDF signature)."""
    return hocba.render_pdf(sign_all(pki_record(61)), trust, at=VERIFY_AT)


@pytest.fixture(scope="module")
def rendered_private(trust):
    """A record of the test PKI's private school (ECDSA P-256 certificates), signed by its GVCN,
    principal and seal and rendered: its principal can then sign the PDF with ES256 (a PDF
    signature counts only from a signer of the embedded record, ADR 0276)."""
    d = pki_record(62).to_dict()
    d["school"]["name"] = "Trường Tiểu học Tư thục Thử Nghiệm"
    d["homeroom_teacher"] = {"full_name": "Ngô Thị Thu", "personal_id": "001193000010"}
    d["principal"]["full_name"] = "Dương Văn Long"
    d["principal"]["personal_id"] = "001077000011"
    record = hocba.YearRecord.from_json(d)
    signed = sign_all(record, signers=("gvcn-p256", "principal-p256", "seal-p256"))
    return hocba.render_pdf(signed, trust, at=VERIFY_AT)


def _changed_signing_time(pdf: bytes, after: int) -> bytes:
    """``pdf`` with one byte changed inside the last PDF signature's signed range: the last digit
    of its ``/M`` date (still a valid date, so only the digest can tell)."""
    at = pdf.index(b"/M(D:", after) + len(b"/M(D:") + 13
    changed = bytearray(pdf)
    changed[at] = ord("1") if pdf[at] != ord("1") else ord("2")
    return bytes(changed)


def test_a_rendered_pdf_without_pdf_signature_verifies(rendered, trust):
    r = hocba.verify_pdf(rendered, trust, at=VERIFY_AT)
    assert r.valid and r and r.error is None
    assert r.pages_match and r.pupil_bound and not r.transcript
    assert r.pades is None
    assert r.findings == []
    [year] = r.years
    assert year["attachment"].endswith(".cose")
    assert year["report"].status == "valid"


def test_sign_pdf_in_process_then_one_changed_byte(rendered, trust):
    signed = hocba.sign_pdf(rendered, _key(SEAL, "RS256"), _chain(SEAL), signing_time=SEALED_AT)
    assert signed.startswith(rendered), "the rendered revision is kept byte for byte"
    r = hocba.verify_pdf(signed, trust, at=VERIFY_AT)
    assert r.valid and r.error is None and r.pages_match, r.error
    [sig] = r.pades
    assert sig["revision"] == 2 and sig["valid"] and sig["error"] is None
    assert sig["algorithm"] == "RS256" and sig["role"] == "con_dau"
    assert sig["subject_name"] and sig["issuer"]
    assert sig["signing_time"] == SEALED_AT

    changed = _changed_signing_time(signed, len(rendered))
    bad = hocba.verify_pdf(changed, trust, at=VERIFY_AT)
    assert not bad.valid and not bad
    assert bad.pages_match, "the rendered revision is intact"
    assert bad.error == "pades_digest_mismatch"
    [sig] = bad.pades
    assert not sig["valid"] and sig["error"] == "pades_digest_mismatch"
    assert sig["message"] and sig["message_vi"]


def test_prepare_and_attach_with_an_external_signer(rendered_private, trust):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils

    rendered = rendered_private
    tbs = hocba.prepare_pdf(rendered, _chain("principal-p256"), signing_time=SEALED_AT)
    assert tbs.algorithm == "ES256"
    assert len(tbs.digest) == 32 and tbs.signed_attributes
    assert tbs.prepared_pdf.startswith(rendered)
    key = serialization.load_der_private_key(
        (PKI / "keys" / "principal-p256.pk8").read_bytes(), None
    )
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    der = key.sign(tbs.signed_attributes, ec.ECDSA(hashes.SHA256()))
    # The pending state is the prepared PDF: rebuilt later with the same chain and algorithm.
    again = hocba.PdfToBeSigned.from_prepared_pdf(
        tbs.prepared_pdf, _chain("principal-p256"), "ES256"
    )
    assert again.signed_attributes == tbs.signed_attributes
    # A value over the hash instead of the signed attributes is refused before writing.
    wrong = key.sign(tbs.digest, ec.ECDSA(hashes.SHA256()))
    with pytest.raises(hocba.SignatureError) as info:
        again.attach(wrong)
    assert info.value.code == "pades_bad_signature"
    assert info.value.kind == "signature"
    signed = again.attach(der)
    r = hocba.verify_pdf(signed, trust, at=VERIFY_AT)
    [sig] = r.pades
    assert sig["algorithm"] == "ES256", sig
    assert sig["valid"], sig
    assert r.valid, r.error
    # The DER signature split into r ‖ s is accepted too.
    rr, ss = utils.decode_dss_signature(der)
    raw = rr.to_bytes(32, "big") + ss.to_bytes(32, "big")
    assert hocba.verify_pdf(tbs.attach(raw), trust, at=VERIFY_AT).valid


def test_a_pdf_signer_who_did_not_sign_the_record_does_not_seal_it(rendered, trust):
    # Another school's seal: a trusted certificate and a valid signature, but not this học bạ's.
    signed = hocba.sign_pdf(
        rendered, _key("seal-p256", "ES256"), _chain("seal-p256"), signing_time=SEALED_AT
    )
    r = hocba.verify_pdf(signed, trust, at=VERIFY_AT)
    assert not r.valid and r.pages_match
    assert r.error == "pades_signer_not_of_record"
    [sig] = r.pades
    assert not sig["valid"] and sig["error"] == "pades_signer_not_of_record"


def test_pdf_signing_errors_are_the_cores(rendered, trust):
    with pytest.raises(hocba.SignatureError) as info:
        hocba.prepare_pdf(rendered, _chain("principal-ed25519"))
    assert info.value.code == "pades_unsupported_key"
    with pytest.raises(hocba.HocbaError) as info:
        hocba.verify_pdf(b"not a pdf", trust)
    assert info.value.code == "pades_malformed"
    with pytest.raises(TypeError):
        hocba.verify_pdf(rendered, "roots.pem")  # type: ignore[arg-type]
