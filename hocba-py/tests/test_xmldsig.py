"""The national XML (CV 2088) signed with XML-DSig: external prepare/attach (with the core's
hint when a signature is wrong), in-process signing, verification and bulk verification."""

from __future__ import annotations

import base64
import threading

import pytest

import hocba
from conftest import PKI, SIGNING_TIME, VECTORS, VERIFY_AT

UNSIGNED = VECTORS / "signed_xml" / "unsigned.xml"
# The RSA signers of the test PKI's public tree, whose seal names the fixture's school.
RSA = (("gvcn", "gvcn-rsa"), ("hieu_truong", "principal-rsa"), ("con_dau", "seal-rsa"))


@pytest.fixture(scope="module")
def roots():
    if not UNSIGNED.exists():
        pytest.skip(f"{UNSIGNED} not found")
    return hocba.TrustStore(PKI / "roots.pem")


def _chain(name):
    return PKI / "chains" / f"{name}.pem"


def _key(name, algorithm=None):
    return hocba.SigningKey.from_pkcs8(PKI / "keys" / f"{name}.pk8", algorithm)


def _signed(algorithm="RS256", roles=RSA):
    xml = UNSIGNED.read_bytes()
    for i, (role, name) in enumerate(roles):
        at = SIGNING_TIME.replace(minute=i)
        xml = hocba.sign_xml(xml, _key(name, algorithm), _chain(name), role=role, signing_time=at)
    return xml


@pytest.mark.parametrize("algorithm", ["RS256", "PS256"])
def test_sign_and_verify(roots, algorithm):
    xml = _signed(algorithm)
    report = hocba.verify_xml(xml, roots, at=VERIFY_AT)
    assert report.status == "valid" and report.valid and report.error is None
    assert [s.role for s in report.signers] == ["gvcn", "hieu_truong", "con_dau"]
    assert [s.algorithm for s in report.signers] == [algorithm] * 3
    assert [s.signing_time.minute for s in report.signers] == [0, 1, 2]
    assert all(s.valid and s.error is None for s in report.signers)
    assert report.signers[2].subject_name
    assert report.missing == []
    assert report.record is not None
    assert report.record.school.name == "Trường Tiểu học Tư thục Thử Nghiệm"
    assert report.to_dict()["status"] == "valid"


def test_an_unsigned_record_is_not_signed(roots):
    # The core's one policy (as the CLI's `hocba verify`): nothing to verify, not "incomplete".
    with pytest.raises(hocba.HocbaError) as e:
        hocba.verify_xml(UNSIGNED.read_bytes(), roots, at=VERIFY_AT)
    assert e.value.code == "xmldsig_not_signed"


def test_incomplete_and_changed_byte(roots):
    two = _signed(roles=RSA[:2])
    report = hocba.verify_xml(two, roots, at=VERIFY_AT)
    assert (report.status, report.error, report.missing) == ("incomplete", "incomplete", ["con_dau"])
    assert report.record is None
    xml = _signed()
    i = xml.index(b"<CHIEU_CAO>") + len(b"<CHIEU_CAO>")
    changed = xml[:i] + bytes([xml[i] ^ 1]) + xml[i + 1 :]
    report = hocba.verify_xml(changed, roots, at=VERIFY_AT)
    assert report.status == "invalid" and report.error == "xmldsig_digest_mismatch"
    assert report.record is None and not report


def test_unreadable_raises_and_profile_breach_reports(roots):
    with pytest.raises(hocba.SignatureError) as info:
        hocba.verify_xml(b"<HOC_BA><unclosed></HOC_BA>", roots, at=VERIFY_AT)
    assert info.value.code.startswith("xml_")
    attack = (VECTORS / "xmldsig" / "attacks" / "wrap-into-object.xml").read_bytes()
    report = hocba.verify_xml(attack, roots, at=VERIFY_AT)
    assert (report.status, report.error, report.record) == ("invalid", "xml_second_data", None)


def test_external_prepare_attach_with_another_library(roots):
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, utils

    xml = UNSIGNED.read_bytes()
    for i, (role, name) in enumerate(RSA):
        tbs = hocba.prepare_xml(
            xml, _chain(name), role=role, algorithm="RS256", signing_time=SIGNING_TIME.replace(minute=i)
        )
        assert (tbs.role, tbs.algorithm) == (role, "RS256")
        assert tbs.slot == ["GVCN", "CBQL", "KY_PHAT_HANH"][i]
        assert tbs.signing_time == SIGNING_TIME.replace(minute=i)
        assert tbs.data.startswith(b"<ds:SignedInfo") and len(tbs.digest) == 32
        # The pending state survives a trip to another process.
        tbs = hocba.XmlToBeSigned.from_file_bytes(tbs.to_file_bytes())
        key = serialization.load_der_private_key((PKI / "keys" / f"{name}.pk8").read_bytes(), None)
        # A token that signs the digest (pre-hashed), as remote-signing services do.
        sig = key.sign(tbs.digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        with pytest.raises(hocba.SignatureError) as info:
            tbs.attach(base64.b64encode(sig))
        assert info.value.code == "attach_base64_not_raw"
        assert "base64" in str(info.value) and "base64" in info.value.message_vi
        with pytest.raises(hocba.SignatureError) as info:
            tbs.attach(key.sign(tbs.data, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256()))
        assert info.value.code == "attach_pss_not_pkcs1"
        xml = tbs.attach(sig)
    assert hocba.verify_xml(xml, roots, at=VERIFY_AT).valid


def test_attach_hints_for_pss_and_a_wrong_key():
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    tbs = hocba.prepare_xml(UNSIGNED.read_bytes(), _chain("gvcn-rsa"), role="gvcn", algorithm="PS256",
                            signing_time=SIGNING_TIME)
    key = serialization.load_der_private_key((PKI / "keys" / "gvcn-rsa.pk8").read_bytes(), None)
    other = serialization.load_der_private_key((PKI / "keys" / "principal-rsa.pk8").read_bytes(), None)
    mgf = padding.MGF1(hashes.SHA256())
    cases = [
        (key.sign(tbs.data, padding.PSS(mgf, 20), hashes.SHA256()), "attach_pss_salt_length"),
        (key.sign(tbs.data, padding.PKCS1v15(), hashes.SHA256()), "attach_pkcs1_not_pss"),
        (other.sign(tbs.data, padding.PSS(mgf, 32), hashes.SHA256()), "attach_wrong_key"),
    ]
    for sig, code in cases:
        with pytest.raises(hocba.SignatureError) as info:
            tbs.attach(sig)
        assert info.value.code == code
        assert info.value.kind == "signature"
    signed = tbs.attach(key.sign(tbs.data, padding.PSS(mgf, 32), hashes.SHA256()))
    assert b"<GVCN>" in signed


def test_signing_refusals():
    xml = _signed(roles=RSA[:2])
    with pytest.raises(hocba.SignatureError) as info:
        hocba.prepare_xml(xml, _chain("gvcn-rsa"), role="gvcn", signing_time=SIGNING_TIME)
    assert info.value.code == "role_out_of_order"
    with pytest.raises(ValueError):
        hocba.prepare_xml(xml, _chain("seal-rsa"), role="hieu_truong_x")
    with pytest.raises(hocba.SignatureError) as info:
        hocba.XmlToBeSigned.from_file_bytes(b"{}")
    assert info.value.code == "xmldsig_pending_malformed"
    with pytest.raises(hocba.SignatureError) as info:
        hocba.prepare_xml(b"<not-xml", _chain("gvcn-rsa"), role="gvcn")
    assert info.value.code.startswith("xml")


def test_verify_many_takes_signed_xml_and_cose(roots, trust):
    from conftest import pki_record, sign_all

    xml = _signed()
    changed = xml.replace(b"<CHIEU_CAO>", b"<CHIEU_CAO>1", 1)
    cose = sign_all(pki_record(31))
    items = [xml, changed, b"<HOC_BA>", cose]
    store = hocba.TrustStore(PKI / "roots.pem", crls=[PKI / "crl" / "gov-ca.crl"])
    reports = hocba.verify_many(items, store, at=VERIFY_AT, threads=2)
    assert [r.status for r in reports] == ["valid", "invalid", "invalid", "valid"]
    assert reports[1].error == "xmldsig_digest_mismatch"
    assert reports[2].error.startswith("xml_") and reports[2].unreadable_message("en")
    assert reports[0].record == hocba.verify_xml(xml, store, at=VERIFY_AT).record
    assert reports[3].record == pki_record(31)


def test_verify_iter_gives_verify_many_reports_a_chunk_at_a_time(roots):
    xml = _signed()
    items = [xml, xml.replace(b"<CHIEU_CAO>", b"<CHIEU_CAO>1", 1), b"<HOC_BA>"]
    many = hocba.verify_many(items, roots, at=VERIFY_AT)
    it = hocba.verify_iter(items, roots, at=VERIFY_AT)
    assert isinstance(it, hocba.ReportIterator)
    got = list(it)
    assert [(r.status, r.error, r.digest) for r in got] == [(r.status, r.error, r.digest) for r in many]
    assert next(it, None) is None
    # A generator is read one chunk (4,096 items) ahead, not whole: a province's year is
    # millions of records, and every report kept would be gigabytes.
    pulled = []

    def records():
        for i in range(4096 + 5):
            pulled.append(i)
            yield b"<HOC_BA>"

    it = hocba.verify_iter(records(), roots, at=VERIFY_AT)
    first = next(it)
    assert first.status == "invalid" and first.error.startswith("xml_")
    assert len(pulled) == 4096
    assert sum(1 for _ in it) == 4096 + 4
    assert len(pulled) == 4096 + 5
    # The arguments are checked when it is called, as verify_many's.
    with pytest.raises(TypeError):
        hocba.verify_iter(xml, roots)
    with pytest.raises(hocba.ArgumentError):
        hocba.verify_iter([xml], roots, threads=0)


def test_ctrl_c_stops_verify_many_while_it_runs(roots):
    import signal
    import time

    xml = _signed()
    items = [xml] * 4096  # one chunk: the GIL is not taken back between its records
    start = time.monotonic()
    hocba.verify_many(items, roots, at=VERIFY_AT)
    whole = time.monotonic() - start
    main = threading.main_thread().ident
    timer = threading.Timer(whole / 3, lambda: signal.pthread_kill(main, signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        hocba.verify_many(items, roots, at=VERIFY_AT)
        time.sleep(0.5)  # an interrupt noticed only on return would land here, late
    elapsed = time.monotonic() - start
    timer.join()
    # The batch checks for a signal every 64 records and stops reading (QA: Ctrl-C waited
    # for the whole batch); it does not run to the end.
    assert elapsed < whole, (elapsed, whole)


def test_verify_many_of_xml_releases_the_gil(roots):
    signed = [_signed()] * 40
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
        reports = hocba.verify_many(signed, roots, at=VERIFY_AT)
        during = len(ticks) - before
    finally:
        stop.set()
        t.join()
    assert all(r.valid for r in reports)
    assert during > 0


def test_checks_before_signing_are_turned_off_by_name_only(roots):
    # The GVCN's certificate offered again for the principal (ADR 0140, 0142): with the person
    # check off, the certificate check still refuses it with verification's code.
    xml = _signed(roles=RSA[:1])
    at = SIGNING_TIME.replace(minute=1)
    with pytest.raises(hocba.SignatureError) as info:
        hocba.prepare_xml(xml, _chain("gvcn-rsa"), role="hieu_truong", signing_time=at)
    assert info.value.code == "signer_id_mismatch"
    with pytest.raises(hocba.SignatureError) as info:
        hocba.prepare_xml(
            xml, _chain("gvcn-rsa"), role="hieu_truong", signing_time=at, without=["person"]
        )
    assert info.value.code == "certificate_reused"
    with pytest.raises(hocba.SignatureError) as info:
        hocba.sign_xml(
            xml, _key("gvcn-rsa"), _chain("gvcn-rsa"), role="hieu_truong", signing_time=at,
            without=["person"],
        )
    assert info.value.code == "certificate_reused"
    # Both named: signed, and verification refuses it with the code of its first failing
    # check, in the same order as before signing (the person, then the reuse).
    signed = hocba.sign_xml(
        xml, _key("gvcn-rsa"), _chain("gvcn-rsa"), role="hieu_truong", signing_time=at,
        without=["person", "certificate"],
    )
    signed = hocba.sign_xml(
        signed, _key("seal-rsa"), _chain("seal-rsa"), role="con_dau",
        signing_time=SIGNING_TIME.replace(minute=2),
    )
    report = hocba.verify_xml(signed, roots, at=VERIFY_AT)
    assert [s.error for s in report.signers] == [None, "signer_id_mismatch", None]
    with pytest.raises(ValueError):
        hocba.prepare_xml(xml, _chain("principal-rsa"), role="hieu_truong", without=["everything"])


def test_the_report_of_a_national_xml_has_the_cli_s_shape(roots):
    # ADR 0260: the core decides the report's keys; `to_dict` is the CLI's `hocba --json verify`
    # for the same bytes — `ok`, `format`, `required_roles`, `missing_slots`, each signer's
    # `slot` — whichever entry point verified it (QA: Python's lacked them).
    two = _signed(roles=RSA[:2])
    reports = [
        hocba.verify_xml(two, roots, at=VERIFY_AT),
        hocba.verify(two, roots, at=VERIFY_AT),
        *hocba.verify_many([two], roots, at=VERIFY_AT),
        *hocba.verify_iter([two], roots, at=VERIFY_AT),
    ]
    for report in reports:
        d = report.to_dict("en")
        assert d["ok"] is False and d["status"] == "incomplete"
        assert d["format"] == "national_xml"
        assert d["required_roles"] == ["GVCN", "CBQL", "KY_PHAT_HANH"]
        assert d["missing"] == ["con_dau"] and d["missing_slots"] == ["KY_PHAT_HANH"]
        assert [s["slot"] for s in d["signers"]] == ["GVCN", "CBQL"]
        assert report.format == "national_xml"
        assert report.required_roles == ["GVCN", "CBQL", "KY_PHAT_HANH"]
        assert report.missing_slots == ["KY_PHAT_HANH"]
        assert [s.slot for s in report.signers] == ["GVCN", "CBQL"]
        # The text form is the CLI's too: slots named, the missing one and the roles required.
        text = report.to_text("en")
        assert text.startswith("National học bạ số (XML): incomplete\n")
        assert "  1. GVCN (Homeroom teacher): " in text
        assert "  Not yet signed: KY_PHAT_HANH (School seal)\n" in text
        assert text.endswith("  Required signers: GVCN, CBQL, KY_PHAT_HANH\n")
    assert hocba.verify_xml(_signed(), roots, at=VERIFY_AT).to_dict()["ok"] is True


def test_a_cose_report_says_its_format_and_has_no_slots(trust):
    from conftest import pki_record, sign_all

    report = hocba.verify(sign_all(pki_record(31)), trust, at=VERIFY_AT)
    d = report.to_dict()
    assert (d["ok"], d["format"]) == (True, "cose")
    assert "required_roles" not in d and "missing_slots" not in d
    assert all("slot" not in s for s in d["signers"])
    assert report.format == "cose" and report.required_roles is None
    assert report.missing_slots is None and report.signers[0].slot is None
def test_attach_checks_the_chain_to_roots_with_trust(roots):
    # ADR 0273: with trust=, the signer's chain is checked against the roots again at attach.
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    tbs = hocba.prepare_xml(UNSIGNED.read_bytes(), _chain("gvcn-rsa"), role="gvcn", algorithm="RS256",
                            signing_time=SIGNING_TIME)
    key = serialization.load_der_private_key((PKI / "keys" / "gvcn-rsa.pk8").read_bytes(), None)
    sig = key.sign(tbs.data, padding.PKCS1v15(), hashes.SHA256())
    other = hocba.TrustStore(PKI / "certs" / "unknown-root.pem")
    with pytest.raises(hocba.SignatureError) as info:
        tbs.attach(sig, trust=other)
    assert info.value.code == "unknown_issuer"
    assert tbs.attach(sig, trust=roots) == tbs.attach(sig)
