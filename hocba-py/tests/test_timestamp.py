"""RFC 3161 time-stamps on signatures (ADR 0160) made from Python, as ``hocba timestamp`` makes
them: the request over one national-XML signature (per role) or the last PDF signature, sent to
a TSA by the caller — here a local ``openssl ts -reply`` with the test PKI's TSA — and the
response attached. Verification judges the signer's chain at the token's time, and the reports
(``SignerReport`` and ``verify_pdf``'s ``pades`` dicts) say so."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest

import hocba
from conftest import PKI, VECTORS, VERIFY_AT, pki_record, sign_all

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")

SEAL = "seal-rsa-gov"


class Tsa:
    """``openssl ts -reply`` in a directory: the test PKI's TSA; ``ess`` is its
    ``ess_cert_id_alg`` (``None``: OpenSSL's default, SHA-1)."""

    def __init__(self, directory, ess: "str | None" = "sha256"):
        self.dir = directory
        (directory / "serial").write_text("01\n")
        (directory / "tsa.cnf").write_text(
            "[ tsa ]\ndefault_tsa = t\n[ t ]\n"
            f"serial = {directory}/serial\n"
            f"signer_cert = {PKI}/certs/tsa.pem\nsigner_key = {PKI}/keys/tsa.key.pem\n"
            "signer_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.2\ndigests = sha256\n"
            "ess_cert_id_chain = no\n"
            + (f"ess_cert_id_alg = {ess}\n" if ess else "")
        )

    def reply(self, request: bytes) -> bytes:
        (self.dir / "q.tsq").write_bytes(request)
        subprocess.run(
            ["openssl", "ts", "-reply", "-config", str(self.dir / "tsa.cnf"),
             "-queryfile", str(self.dir / "q.tsq"), "-out", str(self.dir / "r.tsr")],
            check=True, capture_output=True,
        )
        return (self.dir / "r.tsr").read_bytes()


@pytest.fixture
def tsa(tmp_path):
    return Tsa(tmp_path)


def _stores():
    """The signer roots with the TSA root, and without it."""
    with_tsa = hocba.TrustStore(PKI / "roots.pem")
    assert with_tsa.add_tsa_roots(PKI / "tsa-roots.pem") == 1
    return with_tsa, hocba.TrustStore(PKI / "roots.pem")


def _after_now() -> datetime.datetime:
    """openssl stamps the wall clock: verify a minute after it."""
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)


def test_an_xml_signature_is_stamped_and_judged_at_the_token_time(tsa):
    xml = (VECTORS / "signed_xml" / "valid_rs256.xml").read_bytes()
    request = hocba.timestamp_request_xml(xml, role="con_dau")
    assert request[:1] == b"\x30", "a DER TimeStampReq"
    stamped = hocba.attach_timestamp_xml(xml, tsa.reply(request), role="con_dau", request=request)
    assert b"EncapsulatedTimeStamp" in stamped and b"EncapsulatedTimeStamp" not in xml
    with_tsa, without_tsa = _stores()
    at = _after_now()
    r = hocba.verify_xml(stamped, with_tsa, at=at)
    assert r.status == "valid", r.error
    gvcn, _, seal = r.signers
    assert (gvcn.time_source, gvcn.timestamp) == ("claimed", None)
    assert gvcn.judged_at == gvcn.signing_time
    assert seal.time_source == "timestamp"
    t = seal.timestamp
    assert t["tsa"] == "Hocba Test TSA" and t["policy"] == "1.3.6.1.4.1.99999.2"
    assert t["tsa_root"] and t["serial"]
    assert seal.judged_at == t["time"]
    assert at - datetime.timedelta(minutes=10) < t["time"] <= at
    # Without the TSA root the token is refused, never ignored.
    r = hocba.verify_xml(stamped, without_tsa, at=at)
    assert r.status == "invalid" and r.error == "timestamp_tsa_untrusted"


def test_xml_time_stamp_refusals_carry_their_codes(tsa):
    xml = (VECTORS / "signed_xml" / "valid_rs256.xml").read_bytes()
    # The principal's signature is covered by the seal's: too late to stamp it.
    with pytest.raises(hocba.SignatureError) as e:
        hocba.timestamp_request_xml(xml, role="hieu_truong")
    assert e.value.code == "xmldsig_prepare"
    request = hocba.timestamp_request_xml(xml, role="con_dau", nonce=b"\x01\x02")
    other = hocba.timestamp_request_xml(xml, role="con_dau", nonce=b"\x03")
    with pytest.raises(hocba.SignatureError) as e:
        hocba.attach_timestamp_xml(xml, tsa.reply(other), role="con_dau", request=request)
    assert e.value.code == "timestamp_nonce_mismatch"
    # A response for another signature's value.
    unsigned_seal = (VECTORS / "signed_xml" / "incomplete_awaiting_seal.xml").read_bytes()
    for_principal = hocba.timestamp_request_xml(unsigned_seal, role="hieu_truong")
    with pytest.raises(hocba.SignatureError) as e:
        hocba.attach_timestamp_xml(xml, tsa.reply(for_principal), role="con_dau")
    assert e.value.code == "timestamp_imprint_mismatch"
    with pytest.raises(ValueError):
        hocba.timestamp_request_xml(xml, role="seal")
    with pytest.raises(hocba.SignatureError) as e:
        hocba.attach_timestamp_xml(xml, b"\x30\x00", role="con_dau")
    assert e.value.code == "timestamp_response_malformed"


def test_a_pdf_signature_is_stamped_and_its_dict_says_which_time(tsa, trust):
    rendered = hocba.render_pdf(sign_all(pki_record(62)), trust, at=VERIFY_AT)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    key = hocba.SigningKey.from_pkcs8(PKI / "keys" / f"{SEAL}.pk8", "RS256")
    signed = hocba.sign_pdf(rendered, key, PKI / "chains" / f"{SEAL}.pem", signing_time=now)
    request = hocba.timestamp_request_pdf(signed)
    stamped = hocba.attach_timestamp_pdf(signed, tsa.reply(request), request=request)
    assert len(stamped) == len(signed) and stamped != signed
    with_tsa, without_tsa = _stores()
    at = _after_now()

    [plain] = hocba.verify_pdf(signed, with_tsa, at=at).pades
    assert (plain["time_source"], plain["timestamp"]) == ("claimed", None)
    assert plain["judged_at"] == plain["signing_time"] == now

    r = hocba.verify_pdf(stamped, with_tsa, at=at)
    assert r.valid, r.error
    [sig] = r.pades
    assert sig["valid"] and sig["time_source"] == "timestamp"
    t = sig["timestamp"]
    assert set(t) == {"time", "tsa", "tsa_root", "serial", "policy"}
    assert t["tsa"] == "Hocba Test TSA" and t["policy"] == "1.3.6.1.4.1.99999.2"
    assert sig["judged_at"] == t["time"] and now - datetime.timedelta(seconds=5) <= t["time"] <= at

    bad = hocba.verify_pdf(stamped, without_tsa, at=at)
    assert not bad.valid and bad.error == "pades_timestamp"
    [sig] = bad.pades
    assert not sig["valid"] and sig["time_source"] == "claimed" and "trusted" in sig["message"]

    # Only once, and only the last signature.
    with pytest.raises(hocba.SignatureError) as e:
        hocba.timestamp_request_pdf(stamped)
    assert e.value.code == "pades_timestamp_placement"


def test_openssl_default_sha1_tokens_are_accepted(tmp_path):
    """OpenSSL 3.0's default ``ess_cert_id_alg`` is SHA-1: its tokens name the TSA certificate
    in an ESS signing-certificate (v1) attribute, accepted (ADR 0190) — the certificate's path
    is still validated against the TSA roots."""
    tsa = Tsa(tmp_path, ess=None)
    assert "ess_cert_id_alg" not in (tmp_path / "tsa.cnf").read_text()
    xml = (VECTORS / "signed_xml" / "valid_rs256.xml").read_bytes()
    request = hocba.timestamp_request_xml(xml, role="con_dau")
    response = tsa.reply(request)
    v1_oid = bytes.fromhex("060b2a864886f70d010910020c")  # id-aa-signingCertificate
    v2_oid = bytes.fromhex("060b2a864886f70d010910022f")  # id-aa-signingCertificateV2
    assert v1_oid in response and v2_oid not in response
    stamped = hocba.attach_timestamp_xml(xml, response, role="con_dau", request=request)
    with_tsa, without_tsa = _stores()
    r = hocba.verify_xml(stamped, with_tsa, at=_after_now())
    assert r.status == "valid", r.error
    assert r.signers[2].time_source == "timestamp"
    assert hocba.verify_xml(stamped, without_tsa, at=_after_now()).error == "timestamp_tsa_untrusted"
