"""Hostile inputs: random bytes, truncated and oversized documents, wrong argument types.

Every case must end in an ordinary Python exception (a subclass of ``Exception``); a Rust
panic would surface as ``pyo3_runtime.PanicException``, which is a ``BaseException`` and
so fails these tests.
"""

from __future__ import annotations

import json
import random
from typing import Any, Callable, List, Tuple

import pytest

import hocba
from conftest import PKI, SIGNING_TIME, VERIFY_AT, pki_record, sign_all
from hocba import synth

WRONG_TYPES: List[Any] = [
    None,
    0,
    -1,
    2**80,
    1.5,
    float("nan"),
    True,
    "",
    "x",
    b"\x00\xff",
    bytearray(b"\xa1"),
    memoryview(b"\x82"),
    [],
    [None],
    (1, 2),
    {},
    {"a": object()},
    object(),
    hocba.YearRecord,
    lambda: None,
]


def raises_plain_exception(fn: Callable[[], Any]) -> BaseException:
    """Runs ``fn`` expecting an ordinary exception; returns it."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the point is "any ordinary exception"
        return e
    pytest.fail("expected an exception")


def ok_or_plain_exception(fn: Callable[[], Any]) -> None:
    """Runs ``fn``; a result or an ordinary exception are both fine, a panic is not."""
    try:
        fn()
    except Exception:  # noqa: BLE001
        pass


# Each public callable with valid arguments: every argument in turn is replaced by each
# wrong value.
def _calls(record: hocba.YearRecord) -> List[Tuple[str, Callable[..., Any], Tuple[Any, ...]]]:
    return [
        ("YearRecord.from_json", hocba.YearRecord.from_json, (record.to_json(),)),
        ("YearRecord.from_cbor", hocba.YearRecord.from_cbor, (record.to_cbor(),)),
        ("Transcript.from_cbor", hocba.Transcript.from_cbor, (synth.demo_transcript().to_cbor(),)),
        ("Transcript.from_json", hocba.Transcript.from_json, (synth.demo_transcript().to_json(),)),
        ("loads", hocba.loads, (record.to_cbor(),)),
        ("validate", hocba.validate, (record, {"zero_score": "error"})),
        ("year_rows", hocba.year_rows, ([record],)),
        ("subject_rows", hocba.subject_rows, ([record],)),
        ("to_pandas", hocba.to_pandas, ([record], "years")),
        ("synth.year_record", synth.year_record, (1,)),
        ("synth.class_records", synth.class_records, (1, 3, 2024, 2)),
        ("synth.transcript", synth.transcript, (1, "regular")),
        ("synth.cohort", synth.cohort, (1, 2, 2020)),
        ("record.subject", record.subject, ("toan",)),
    ] + _signature_calls()


def _signature_calls() -> List[Tuple[str, Callable[..., Any], Tuple[Any, ...]]]:
    if not (PKI / "roots.pem").exists():
        return []
    trust = hocba.TrustStore(PKI / "roots.pem")
    rec = pki_record(40)
    signed = sign_all(rec)
    env = hocba.Envelope(rec)
    chain = PKI / "chains" / "gvcn-ed25519.pem"
    key = hocba.SigningKey.from_pkcs8(PKI / "keys" / "gvcn-ed25519.pk8")
    tbs = env.prepare(chain, signing_time=SIGNING_TIME)
    return [
        ("TrustStore", hocba.TrustStore, (PKI / "roots.pem", PKI / "crl" / "gov-ca.crl")),
        ("TrustStore.add_roots", trust.add_roots, (PKI / "roots.pem",)),
        ("verify", lambda d, t, a: hocba.verify(d, t, at=a), (signed, trust, VERIFY_AT)),
        ("verify_many", lambda i, t, a, n: hocba.verify_many(i, t, at=a, threads=n),
         ([signed], trust, VERIFY_AT, 2)),
        ("Envelope", hocba.Envelope, (rec,)),
        ("Envelope.from_signed", hocba.Envelope.from_signed, (signed,)),
        ("SigningKey.from_pkcs8", hocba.SigningKey.from_pkcs8, (PKI / "keys" / "gvcn-ed25519.pk8", "EdDSA")),
        ("Envelope.sign", lambda k, c, t: env.sign(k, c, signing_time=t), (key, chain, SIGNING_TIME)),
        ("Envelope.prepare", lambda c, a, t: env.prepare(c, algorithm=a, signing_time=t),
         (chain, "EdDSA", SIGNING_TIME)),
        ("ToBeSigned.attach", tbs.attach, (b"\x00" * 64,)),
        ("ToBeSigned.from_file_bytes", hocba.ToBeSigned.from_file_bytes, (tbs.to_file_bytes(),)),
        ("ToBeSigned.summary", tbs.summary, ("en",)),
        ("render_pdf", lambda s, t, a: hocba.render_pdf(s, t, at=a), (signed, trust, VERIFY_AT)),
    ]


def test_wrong_types_in_every_argument():
    record = synth.year_record(11)
    for name, fn, args in _calls(record):
        ok_or_plain_exception(lambda: fn(*args))  # the valid call (attach of a wrong signature raises)
        for i in range(len(args)):
            for bad in WRONG_TYPES:
                if type(bad) is type(args[i]) and not isinstance(bad, (str, list)):
                    continue
                bad_args = args[:i] + (bad,) + args[i + 1 :]
                ok_or_plain_exception(lambda: fn(*bad_args))


def test_wrong_types_are_rejected_with_type_errors():
    for bad in (None, 1, 1.5, b"{}", [], object()):
        e = raises_plain_exception(lambda: hocba.YearRecord.from_json(bad))
        assert isinstance(e, TypeError)


def test_random_text_is_a_decode_error():
    rng = random.Random(1)
    for _ in range(300):
        n = rng.randrange(0, 200)
        text = "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(n))
        e = raises_plain_exception(lambda: hocba.YearRecord.from_json(text))
        assert isinstance(e, hocba.DecodeError)


def test_every_truncation_of_a_record_is_a_decode_error():
    text = synth.year_record(2).to_json()
    for cut in range(0, len(text), 7):
        e = raises_plain_exception(lambda: hocba.YearRecord.from_json(text[:cut]))
        assert isinstance(e, hocba.DecodeError), cut
        assert e.code in ("json_syntax", "json_data")


def test_oversized_and_deep_documents():
    rec = synth.year_record(3).to_dict()
    # 3 MB of comment text in one field: far over the 2000-byte text limit.
    rec["subjects"][0]["comment"] = "ạ" * (1024 * 1024)
    e = raises_plain_exception(lambda: hocba.YearRecord.from_json(rec))
    assert isinstance(e, hocba.DecodeError)
    # 20,000 subjects: valid JSON, far too long a list for a record, must not crash.
    rec = synth.year_record(3).to_dict()
    rec["subjects"] = rec["subjects"] * 2000
    ok_or_plain_exception(lambda: hocba.YearRecord.from_json(json.dumps(rec)))
    # Deep nesting, as text and as a dict.
    deep = "[" * 100000 + "]" * 100000
    assert isinstance(raises_plain_exception(lambda: hocba.YearRecord.from_json(deep)), hocba.DecodeError)
    nested: Any = {}
    for _ in range(100000):
        nested = {"a": nested}
    raises_plain_exception(lambda: hocba.YearRecord.from_json(nested))


def test_cyclic_and_non_json_dicts():
    cyclic: dict = {}
    cyclic["self"] = cyclic
    assert isinstance(raises_plain_exception(lambda: hocba.YearRecord.from_json(cyclic)), ValueError)
    for bad in ({"grade": float("nan")}, {"grade": object()}, {1: 2}, {"grade": b"3"}):
        raises_plain_exception(lambda: hocba.YearRecord.from_json(bad))


def test_lone_surrogates():
    e = raises_plain_exception(lambda: hocba.YearRecord.from_json('{"x": "\udc80"}'))
    assert isinstance(e, (UnicodeError, hocba.DecodeError))


def test_random_bytes_are_decode_errors():
    rng = random.Random(2)
    for cls in (hocba.YearRecord, hocba.Transcript):
        for _ in range(2000):
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 64)))
            assert isinstance(raises_plain_exception(lambda: cls.from_cbor(data)), hocba.DecodeError)


def test_every_truncation_and_bit_flip_of_cbor():
    data = synth.year_record(6).to_cbor()
    for cut in range(0, len(data), 3):
        e = raises_plain_exception(lambda: hocba.YearRecord.from_cbor(data[:cut]))
        assert isinstance(e, hocba.DecodeError)
    rng = random.Random(3)
    for _ in range(500):
        i = rng.randrange(len(data))
        flipped = data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]
        ok_or_plain_exception(lambda: hocba.YearRecord.from_cbor(flipped))


def test_oversized_cbor_is_rejected():
    data = synth.year_record(7).to_cbor()
    huge = data + b"\x00" * (5 * 1024 * 1024)
    e = raises_plain_exception(lambda: hocba.YearRecord.from_cbor(huge))
    assert isinstance(e, hocba.DecodeError) and e.code == "too_large"
    # A length head claiming 2**63 bytes.
    e = raises_plain_exception(lambda: hocba.YearRecord.from_cbor(b"\x5b" + b"\x7f" + b"\xff" * 7))
    assert isinstance(e, hocba.DecodeError)
    # Deep nesting.
    e = raises_plain_exception(lambda: hocba.YearRecord.from_cbor(b"\x81" * 100000 + b"\x00"))
    assert isinstance(e, hocba.DecodeError)


def test_random_bytes_to_loads():
    rng = random.Random(4)
    for _ in range(1000):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
        ok_or_plain_exception(lambda: hocba.loads(data))
        ok_or_plain_exception(lambda: hocba.loads(b"{" + data))


def test_random_and_mutated_signed_bytes():
    if not (PKI / "roots.pem").exists():
        pytest.skip(f"test PKI not found at {PKI}")
    trust = hocba.TrustStore(PKI / "roots.pem")
    signed = sign_all(pki_record(41))
    rng = random.Random(5)
    items = []
    for _ in range(300):
        items.append(bytes(rng.randrange(256) for _ in range(rng.randrange(0, 80))))
        cut = rng.randrange(len(signed))
        items.append(signed[:cut])
        i = rng.randrange(len(signed))
        items.append(signed[:i] + bytes([signed[i] ^ (1 << rng.randrange(8))]) + signed[i + 1 :])
    for data in items:
        ok_or_plain_exception(lambda: hocba.verify(data, trust, at=VERIFY_AT))
        ok_or_plain_exception(lambda: hocba.Envelope.from_signed(data))
        ok_or_plain_exception(lambda: hocba.ToBeSigned.from_file_bytes(data))
    reports = hocba.verify_many(items, trust, at=VERIFY_AT)
    assert len(reports) == len(items)
    assert not any(r.valid for r in reports[:2])
    # Oversized input: rejected, not read into a record.
    e = raises_plain_exception(lambda: hocba.verify(signed + b"\x00" * (2 * 1024 * 1024), trust))
    assert isinstance(e, hocba.HocbaError)


def test_verify_many_threads_and_a_single_path_are_refused_as_documented():
    """`threads` out of 1..=256 — negative or beyond any machine integer too — is the core's
    `ArgumentError` `threads_out_of_range` (ADR 0091), never an `OverflowError`; one `str` or
    `bytes` instead of a list is a `TypeError` (it was read one character at a time as paths)."""
    trust = hocba.TrustStore(PKI / "roots.pem")
    signed = sign_all(pki_record(41))
    for n in (0, 257, -1, 2**70, -(2**70)):
        with pytest.raises(hocba.ArgumentError) as e:
            hocba.verify_many([signed], trust, at=VERIFY_AT, threads=n)
        assert e.value.code == "threads_out_of_range", n
    with pytest.raises(TypeError):
        hocba.verify_many([signed], trust, at=VERIFY_AT, threads="2")  # type: ignore[arg-type]
    path = str(PKI / "roots.pem")
    for one in (path, signed):
        with pytest.raises(TypeError):
            hocba.verify_many(one, trust, at=VERIFY_AT)  # type: ignore[arg-type]
    [report] = hocba.verify_many([signed], trust, at=VERIFY_AT, threads=1)
    assert report.valid


def test_verify_many_routes_xml_after_a_bom_as_verify_does():
    """A signed national XML after a UTF-8 byte-order mark is refused by `verify_many` as
    `xml_malformed`, as by `verify_xml` (ADR 0220) — it was `not_cose_sign` in bulk only."""
    from pathlib import Path

    xml = (Path(__file__).resolve().parents[2] / "tests/vectors/signed_xml/valid_es256.xml").read_bytes()
    trust = hocba.TrustStore(PKI / "roots.pem")
    [report] = hocba.verify_many([b"\xef\xbb\xbf" + xml], trust, at=VERIFY_AT)
    assert report.error == "xml_malformed", report.error
