"""The binding's own argument checks (ADR 0239): every bad argument is a `hocba.HocbaError`
with a stable code and a Vietnamese message, still a `TypeError` or `ValueError`, and never
repeats the value it was given (it may be a pupil's data)."""

from __future__ import annotations

import datetime
import io
import unicodedata
from typing import Any, Callable, List, Tuple

import pytest

import hocba
from conftest import PKI, VECTORS, pki_record, sign_all

# Synthetic pupil-like data (an invented pupil): what a caller may pass by mistake.
PUPIL_NAME = "Trần Thị Bích Ngọc"
PUPIL_ID = "048316000123"
PUPIL_TEXT = f'{{"full_name": "{PUPIL_NAME}", "personal_id": "{PUPIL_ID}", "score": 9}}'
SECRETS = (PUPIL_TEXT, PUPIL_NAME, PUPIL_ID, "full_name")

KEY = PKI / "keys" / "gvcn-ed25519.pk8"
CHAIN = PKI / "chains" / "gvcn-ed25519.pem"
XML = VECTORS / "xml" / "full.xml"
NAIVE = datetime.datetime(2026, 6, 1)

PORTAL_ACCOUNT = dict(
    token="tok", user_name="truong-1", password="mk", unit="79000701", school_year=2025
)


def _key() -> hocba.SigningKey:
    return hocba.SigningKey.from_pkcs8(KEY)


def _envelope() -> hocba.Envelope:
    return hocba.Envelope(pki_record(71))


def _report() -> hocba.VerificationReport:
    # Bytes that are no signed record: an invalid report, not an exception.
    return hocba.verify_many([b"\x00"], hocba.TrustStore())[0]


def _portal(**kw: Any) -> hocba.Portal:
    return hocba.Portal("http://127.0.0.1:9", **PORTAL_ACCOUNT, **kw)  # type: ignore[arg-type]


# (what, call, the builtin class it must still be, code)
CASES: List[Tuple[str, Callable[[], Any], type, str]] = [
    # argument_type: the wrong Python type, in Rust …
    ("str as bytes", lambda: hocba.verify(PUPIL_TEXT, hocba.TrustStore()), TypeError, "argument_type"),
    ("str as signed bytes", lambda: hocba.Envelope.from_signed(PUPIL_TEXT), TypeError, "argument_type"),
    ("int as JSON", lambda: hocba.YearRecord.from_json(3), TypeError, "argument_type"),
    ("int to validate", lambda: hocba.validate(3), TypeError, "argument_type"),
    ("int as records", lambda: hocba.year_rows(3), TypeError, "argument_type"),
    ("int as a record item", lambda: hocba.year_rows([3]), TypeError, "argument_type"),
    ("path as trust", lambda: hocba.verify_many([], "roots.pem"), TypeError, "argument_type"),
    ("str as datetime", lambda: hocba.verify(b"x", hocba.TrustStore(), at="2026-06-01"), TypeError, "argument_type"),
    ("dict as record", lambda: hocba.Envelope(pki_record(71).to_dict()), TypeError, "argument_type"),
    ("str as key", lambda: _envelope().sign("key", CHAIN), TypeError, "argument_type"),
    ("record as envelope", lambda: hocba.sign_many([pki_record(71)], _key(), CHAIN, role="gvcn"), TypeError, "argument_type"),
    ("one str as a batch", lambda: hocba.verify_many(PUPIL_TEXT, hocba.TrustStore()), TypeError, "argument_type"),
    ("int as render source", lambda: hocba.render_pdf(3), TypeError, "argument_type"),
    # … and in Python.
    ("int to load", lambda: hocba.load(3), TypeError, "argument_type"),
    ("text file to load", lambda: hocba.load(io.StringIO(PUPIL_TEXT)), TypeError, "argument_type"),
    ("document text to load", lambda: hocba.load(PUPIL_TEXT), TypeError, "argument_type"),
    ("one record to submit", lambda: _portal(key=_key(), chain=CHAIN).submit(PUPIL_TEXT), TypeError, "argument_type"),
    # argument_missing: arguments that go together, left out.
    ("submission without key", lambda: hocba._native.portal_request("submit", message_id="m", records=[b"x"], **PORTAL_ACCOUNT), TypeError, "argument_missing"),
    ("portal without key", lambda: _portal().submit([b"x"]), TypeError, "argument_missing"),
    ("signed bytes without trust", lambda: hocba.render_pdf(b"x"), ValueError, "argument_missing"),
    # argument_value: a name the argument does not take.
    ("lang", lambda: _report().to_dict(lang="fr"), ValueError, "argument_value"),
    ("revocation", lambda: hocba.TrustStore(revocation=PUPIL_TEXT), ValueError, "argument_value"),
    ("role", lambda: hocba.sign_many([], _key(), CHAIN, role=PUPIL_TEXT), ValueError, "argument_value"),
    ("XML role", lambda: hocba.timestamp_request_xml(XML.read_bytes(), role=PUPIL_TEXT), ValueError, "argument_value"),
    ("roles", lambda: hocba.verify_xml_transcript([], hocba.TrustStore(), roles=PUPIL_TEXT), ValueError, "argument_value"),
    ("synth path", lambda: hocba.synth.transcript(1, PUPIL_TEXT), ValueError, "argument_value"),
    ("portal action", lambda: hocba._native.portal_request(PUPIL_TEXT, message_id="m", **PORTAL_ACCOUNT), ValueError, "argument_value"),
    ("portal kind", lambda: hocba._native.portal_request("status", message_id="m", kind=PUPIL_TEXT, **PORTAL_ACCOUNT), ValueError, "argument_value"),
    ("to_pandas kind", lambda: hocba.to_pandas([], PUPIL_TEXT), ValueError, "argument_value"),
    # argument_out_of_range
    ("synth first year", lambda: hocba.synth.cohort(1, 2, 1900), ValueError, "argument_out_of_range"),
    ("synth count", lambda: hocba.synth.cohort(1, 10**7, 2020), ValueError, "argument_out_of_range"),
    # naive_datetime
    ("naive signing time", lambda: _envelope().prepare(CHAIN, signing_time=NAIVE), ValueError, "naive_datetime"),
    ("naive at", lambda: hocba.verify(b"x", hocba.TrustStore(), at=NAIVE), ValueError, "naive_datetime"),
    # the codes the CLI and Kotlin/Swift give for the same mistakes
    ("algorithm", lambda: _envelope().prepare(CHAIN, algorithm=PUPIL_TEXT), ValueError, "unsupported_algorithm"),
    ("check", lambda: _envelope().sign(_key(), CHAIN, without=[PUPIL_TEXT]), ValueError, "invalid_check"),
]


@pytest.mark.parametrize("what, call, builtin, code", CASES, ids=[c[0] for c in CASES])
def test_a_bad_argument_is_a_hocba_error_with_a_code_and_vietnamese(what, call, builtin, code):
    with pytest.raises(hocba.HocbaError) as info:
        call()
    e = info.value
    assert isinstance(e, builtin), (what, type(e))
    cls = hocba.ArgumentTypeError if builtin is TypeError else hocba.ArgumentError
    assert type(e) is cls, (what, type(e))
    assert e.code == code, (what, e.code)
    assert e.kind == "argument"
    assert e.path is None
    assert e.message and e.message_vi and e.message_vi != e.message, (what, e.message_vi)
    assert unicodedata.is_normalized("NFC", e.message_vi)
    assert str(e) == f"{e.message} [{code}]"


@pytest.mark.parametrize("what, call, builtin, code", CASES, ids=[c[0] for c in CASES])
def test_the_value_given_is_never_repeated(what, call, builtin, code):
    # Whatever the class, nothing of the synthetic pupil's data passed in comes back out.
    with pytest.raises(builtin) as info:
        call()
    e = info.value
    shown = " ".join(
        (str(e), repr(e), repr(e.args), getattr(e, "message", ""), getattr(e, "message_vi", ""))
    )
    for secret in SECRETS:
        assert secret not in shown, (what, shown)


def test_the_vietnamese_message_is_vietnamese():
    # Not the English text: words with diacritics, the same type name as the English.
    with pytest.raises(hocba.ArgumentTypeError) as info:
        hocba.verify(PUPIL_TEXT, hocba.TrustStore())
    e = info.value
    assert e.message == "data must be bytes, bytearray or memoryview, not str"
    assert e.message_vi == "data phải là bytes, bytearray hoặc memoryview, không phải str"
    with pytest.raises(hocba.ArgumentError) as info2:
        _envelope().prepare(CHAIN, signing_time=NAIVE)
    assert "múi giờ" in info2.value.message_vi


def test_the_new_class_keeps_the_old_catches():
    assert issubclass(hocba.ArgumentTypeError, TypeError)
    assert issubclass(hocba.ArgumentTypeError, hocba.HocbaError)
    assert not issubclass(hocba.ArgumentTypeError, ValueError)
    assert issubclass(hocba.ArgumentError, ValueError)
    assert hocba.ArgumentTypeError.__module__ == "hocba"
    assert "ArgumentTypeError" in hocba.__all__
    with pytest.raises(TypeError):
        hocba.load(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        hocba.TrustStore(revocation="never")


def test_a_complete_envelope_is_refused_with_the_clis_code():
    env = hocba.Envelope.from_signed(sign_all(pki_record(72)))
    assert env.next_role is None
    for call in (lambda: env.sign(_key(), CHAIN), lambda: env.prepare(CHAIN)):
        with pytest.raises(hocba.ArgumentError) as info:
            call()
        assert info.value.code == "already_complete"
        assert info.value.message == "all three roles have already signed"
        assert info.value.message_vi and info.value.message_vi != info.value.message


def test_an_empty_chain_is_the_cores_refusal():
    # One policy: the core's own error for a chain without a certificate, in each format.
    with pytest.raises(hocba.SignatureError) as info:
        _envelope().prepare([])
    assert info.value.code == "certificate_unreadable"
    assert "chứng thư số" in info.value.message_vi
    with pytest.raises(hocba.SignatureError) as info:
        hocba.prepare_xml(XML.read_bytes(), [], role="gvcn")
    assert info.value.code == "xmldsig_prepare"
    assert info.value.message_vi != info.value.message
