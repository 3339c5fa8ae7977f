"""Signing (in-process and external) and verification, one record and in bulk."""

from __future__ import annotations

import datetime
import threading

import pytest

import hocba
from conftest import PKI, SIGNERS, SIGNING_TIME, VERIFY_AT, pki_record, sign_all


def test_sign_and_verify(trust):
    rec = pki_record(1)
    env = hocba.Envelope(rec)
    assert env.roles == [] and env.next_role == "gvcn"
    with pytest.raises(hocba.SignatureError) as info:
        env.to_bytes()
    assert info.value.code == "not_signed"
    data = sign_all(rec)
    report = hocba.verify(data, trust, at=VERIFY_AT)
    assert report.status == "valid" and report.valid and bool(report)
    assert report.error is None and report.missing == []
    assert [s.role for s in report.signers] == ["gvcn", "hieu_truong", "con_dau"]
    assert all(s.valid and s.error is None and s.message() is None for s in report.signers)
    assert report.signers[1].capacity == "hieu_truong"
    assert report.signers[2].subject_name == "Trường Tiểu học Thử Nghiệm Số 1"
    assert report.signers[0].signing_time == SIGNING_TIME
    assert report.signers[0].algorithm == "EdDSA"
    assert report.record == rec
    assert report.findings == [] == hocba.verify(data, trust, at=VERIFY_AT, rules=False).findings
    assert len(report.digest) == 64
    d = report.to_dict()
    assert d["status"] == "valid" and len(d["signers"]) == 3
    assert "Trạng thái" in report.to_text() and "Status" in report.to_text("en")


def test_incomplete_and_continued_signing(trust):
    rec = pki_record(2)
    partial = sign_all(rec, SIGNERS[:1])
    report = hocba.verify(partial, trust, at=VERIFY_AT)
    assert report.status == "incomplete" and report.error == "incomplete"
    assert report.missing == ["hieu_truong", "con_dau"]
    assert report.record is None
    env = hocba.Envelope.from_signed(partial)
    assert env.roles == ["gvcn"] and env.record == rec
    for name in SIGNERS[1:]:
        key = hocba.SigningKey.from_pkcs8(PKI / "keys" / f"{name}.pk8")
        env = env.sign(key, PKI / "chains" / f"{name}.pem", signing_time=SIGNING_TIME)
    assert env.next_role is None
    assert hocba.verify(env.to_bytes(), trust, at=VERIFY_AT).valid


def _ed25519_seed(pkcs8: bytes) -> bytes:
    """The 32-byte Ed25519 seed of a PKCS#8 key (RFC 8410: OCTET STRING in OCTET STRING)."""
    at = pkcs8.index(b"\x04\x22\x04\x20") + 4
    return pkcs8[at : at + 32]


def test_sign_many_signs_a_school_one_role_at_a_time(trust):
    records = [pki_record(20 + i) for i in range(5)]
    envelopes = [hocba.Envelope(r) for r in records]
    # One record already signed by its GVCN: the GVCN's bulk run must refuse it, not re-sign.
    envelopes[3] = hocba.Envelope.from_signed(sign_all(records[3], SIGNERS[:1]))
    for name, role in zip(SIGNERS, ["gvcn", "hieu_truong", "con_dau"]):
        key = hocba.SigningKey.from_pkcs8(PKI / "keys" / f"{name}.pk8")
        chain = PKI / "chains" / f"{name}.pem"
        out = hocba.sign_many(envelopes, key, chain, role=role, signing_time=SIGNING_TIME)
        assert len(out) == len(envelopes)
        if role == "gvcn":
            assert isinstance(out[3], hocba.SignatureError)
            assert out[3].code == "role_out_of_order"
            out[3] = envelopes[3]  # already carries its GVCN signature
        assert all(isinstance(e, hocba.Envelope) for e in out), [type(e) for e in out]
        assert all(e.roles[-1] == role for e in out)
        envelopes = out
    reports = hocba.verify_many([e.to_bytes() for e in envelopes], trust, at=VERIFY_AT)
    assert [r.status for r in reports] == ["valid"] * 5
    assert [r.record for r in reports] == records
    # Byte for byte what one-at-a-time signing makes (Ed25519 is deterministic).
    assert envelopes[0].to_bytes() == sign_all(records[0])


def test_sign_many_arguments():
    key = hocba.SigningKey.from_pkcs8(PKI / "keys" / "gvcn-ed25519.pk8")
    chain = PKI / "chains" / "gvcn-ed25519.pem"
    env = hocba.Envelope(pki_record(30))
    assert hocba.sign_many([], key, chain, role="gvcn") == []
    with pytest.raises(ValueError):
        hocba.sign_many([env], key, chain, role="teacher")
    with pytest.raises(TypeError):
        hocba.sign_many([pki_record(30)], key, chain, role="gvcn")  # type: ignore[list-item]
    with pytest.raises(TypeError):
        hocba.sign_many([env], "key", chain, role="gvcn")  # type: ignore[arg-type]
    # The wrong key for the certificate: reported per record, not raised.
    wrong = hocba.SigningKey.from_pkcs8(PKI / "keys" / "principal-ed25519.pk8")
    (out,) = hocba.sign_many([env], wrong, chain, role="gvcn", signing_time=SIGNING_TIME)
    assert isinstance(out, hocba.SignatureError) and out.code


def test_external_signing_with_another_library(trust):
    signing = pytest.importorskip("nacl.signing")
    rec = pki_record(3)
    env = hocba.Envelope(rec)
    for name in SIGNERS:
        tbs = env.prepare((PKI / "chains" / f"{name}.pem").read_bytes(), signing_time=SIGNING_TIME)
        assert tbs.algorithm == "EdDSA" and tbs.role == env.next_role
        assert tbs.signing_time == SIGNING_TIME
        assert len(tbs.digest) == 32 and len(tbs.data) > 100
        assert tbs.summary()  # shown to the signer
        # The pending signature survives a trip to another process.
        tbs = hocba.ToBeSigned.from_file_bytes(tbs.to_file_bytes())
        # The private key lives outside hocba (a token, a remote-signing app).
        key = signing.SigningKey(_ed25519_seed((PKI / "keys" / f"{name}.pk8").read_bytes()))
        with pytest.raises(hocba.SignatureError) as info:
            tbs.attach(key.sign(tbs.data + b"x").signature)
        assert info.value.code == "attach_wrong_key"
        env = tbs.attach(key.sign(tbs.data).signature)
    assert hocba.verify(env.to_bytes(), trust, at=VERIFY_AT).valid


def test_signing_errors():
    rec = pki_record(4)
    env = hocba.Envelope(rec)
    gvcn = hocba.SigningKey.from_pkcs8(PKI / "keys" / "gvcn-ed25519.key.pem")
    assert gvcn.algorithm == "EdDSA"
    with pytest.raises(hocba.SignatureError):
        # A key that does not match the certificate.
        env.sign(gvcn, PKI / "chains" / "principal-ed25519.pem", signing_time=SIGNING_TIME).to_bytes()
        raise AssertionError("signed with the wrong key")
    with pytest.raises(ValueError):
        env.prepare(PKI / "chains" / "gvcn-ed25519.pem", algorithm="MD5")
    with pytest.raises(ValueError):
        env.prepare(PKI / "chains" / "gvcn-ed25519.pem", signing_time=datetime.datetime(2026, 6, 1))
    with pytest.raises(TypeError):
        hocba.Envelope(rec.to_dict())  # type: ignore[arg-type]
    with pytest.raises(hocba.SignatureError):
        hocba.SigningKey.from_pkcs8(b"not a key")
    with pytest.raises(hocba.SignatureError):
        hocba.SigningKey.from_pkcs8(b"-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----\n")


def test_tampered_and_untrusted(trust):
    data = bytearray(sign_all(pki_record(5)))
    # Flip one byte of the last signature value.
    data[-5] ^= 0x01
    report = hocba.verify(bytes(data), trust, at=VERIFY_AT)
    assert report.status == "invalid" and report.record is None
    assert report.signers[2].error == "signature_invalid"
    assert report.signers[0].valid and report.signers[1].valid
    empty = hocba.TrustStore()
    report = hocba.verify(sign_all(pki_record(5)), empty, at=VERIFY_AT)
    assert report.status == "invalid" and not report.signers[0].valid
    assert isinstance(report.signers[0].message("en"), str)


def test_verify_errors(trust):
    with pytest.raises(hocba.SignatureError) as info:
        hocba.verify(b"{}", trust)
    assert info.value.code == "not_cose_sign"
    # Bytes no hocba reader takes: the core's code, kind and messages (ADR 0220), from
    # verification and from decoding alike.
    with pytest.raises(hocba.DecodeError) as info:
        hocba.verify(b"\x00", trust)
    assert info.value.code == "unrecognised_input"
    assert info.value.kind == "decode"
    assert info.value.message.startswith("unrecognised input")
    assert info.value.message_vi.startswith("không nhận ra dữ liệu vào")
    for data in (b"\x00", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n\x00"):
        with pytest.raises(hocba.DecodeError) as info:
            hocba.loads(data)
        assert info.value.code == "unrecognised_input"
    with pytest.raises(TypeError):
        hocba.verify(b"\x00", "roots.pem")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hocba.verify("text", trust)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hocba.verify(b"", trust, at="2026-06-01")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        hocba.verify(b"", trust, at=datetime.datetime(2026, 6, 1))


def test_verify_many(trust, tmp_path):
    signed = [sign_all(pki_record(seed)) for seed in range(10, 16)]
    paths = []
    for i, data in enumerate(signed[:3]):
        p = tmp_path / f"{i}.cose"
        p.write_bytes(data)
        paths.append(p)
    items = signed + [bytearray(signed[0]), memoryview(signed[1]), b"garbage", str(paths[0]),
                      paths[1], tmp_path / "missing.cose"]
    reports = hocba.verify_many(iter(items), trust, at=VERIFY_AT, threads=2)
    assert len(reports) == len(items)
    assert [r.status for r in reports[:8]] == ["valid"] * 8
    assert reports[8].status == "invalid" and reports[8].error == "unrecognised_input"
    assert reports[8].unreadable_message("en") and reports[8].signers == []
    assert reports[9].valid and reports[10].valid
    assert reports[11].error == "io_error"
    # Same outcome as one by one, in the same order.
    for data, r in zip(signed, reports):
        one = hocba.verify(data, trust, at=VERIFY_AT)
        assert (r.status, r.digest, r.record) == (one.status, one.digest, one.record)
    assert hocba.verify_many([], trust) == []
    with pytest.raises(ValueError):
        hocba.verify_many(signed, trust, threads=0)
    with pytest.raises(TypeError):
        hocba.verify_many(signed + [1], trust)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        hocba.verify_many(5, trust)  # type: ignore[arg-type]


def test_verify_many_releases_the_gil(trust):
    signed = [sign_all(pki_record(20))] * 300
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        before = len(ticks)
        reports = hocba.verify_many(signed, trust, at=VERIFY_AT)
        during = len(ticks) - before
    finally:
        stop.set()
        t.join()
    assert all(r.valid for r in reports)
    # The other Python thread ran while the batch was being verified.
    assert during > 0


def test_rows_from_verified_records(trust):
    reports = hocba.verify_many([sign_all(pki_record(s)) for s in (30, 31)], trust, at=VERIFY_AT)
    rows = hocba.year_rows(r.record for r in reports if r.valid)
    assert len(rows) == 2 and rows[0]["school_name"] == "Trường Tiểu học Thử Nghiệm Số 1"


def test_rules_run_during_verification(trust):
    d = pki_record(60).to_dict()
    d["subjects"][1].pop("score", None)   # Toán grade 4: the year-end test score is missing
    rec = hocba.YearRecord.from_json(d)
    # Signing checks the record first (ADR 0142): refused unless the TT27 check is named off.
    with pytest.raises(hocba.SignatureError) as e:
        sign_all(rec)
    assert e.value.code == "record_has_errors"
    with pytest.raises(ValueError):
        sign_all(rec, without=("rules",))
    data = sign_all(rec, without=("record",))
    report = hocba.verify(data, trust, at=VERIFY_AT)
    assert report.valid  # the signatures are fine: content findings do not change the status
    codes = [f["code"] for f in report.findings]
    assert "score_missing" in codes
    assert codes == hocba.validate(rec).codes
    assert any(f["blocking"] for f in report.findings)
    assert hocba.verify(data, trust, at=VERIFY_AT, rules=False).findings == []
    many = hocba.verify_many([data], trust, at=VERIFY_AT)
    assert [f["code"] for f in many[0].findings] == codes


def test_thread_count_is_bounded():
    """`threads` outside 1–256 is the core's typed error (`ArgumentError`, a `ValueError`),
    never an abort, a PanicException or gigabytes of memory."""
    trust = hocba.TrustStore(PKI / "roots.pem")
    # Beyond any machine integer, or negative, too: never an `OverflowError` (ADR 0091).
    for n in (0, 257, 10**7, 2**31, 2**63, 2**64, -1):
        with pytest.raises(hocba.ArgumentError) as e:
            hocba.verify_many([b"\x00"], trust, threads=n)
        assert e.value.code == "threads_out_of_range"
        assert isinstance(e.value, ValueError)


def test_attach_checks_the_chain_to_roots_with_trust(trust):
    # ADR 0273: with trust=, the signer's chain is checked against the roots again at attach
    # (a vendor learns here, not at the portal, that it leads to none of them).
    signing = pytest.importorskip("nacl.signing")
    env = hocba.Envelope(pki_record(5))
    name = SIGNERS[0]
    tbs = env.prepare((PKI / "chains" / f"{name}.pem").read_bytes(), signing_time=SIGNING_TIME)
    key = signing.SigningKey(_ed25519_seed((PKI / "keys" / f"{name}.pk8").read_bytes()))
    sig = key.sign(tbs.data).signature
    other = hocba.TrustStore(PKI / "certs" / "unknown-root.pem")
    with pytest.raises(hocba.SignatureError) as info:
        tbs.attach(sig, trust=other)
    assert info.value.code == "unknown_issuer"
    assert tbs.attach(sig, trust=trust).to_bytes() == tbs.attach(sig).to_bytes()
