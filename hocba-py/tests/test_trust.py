"""hocba.TrustStore from PEM/DER bytes and paths."""

from __future__ import annotations

import pathlib

import pytest

import hocba

PKI = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors" / "pki"
pytestmark = pytest.mark.skipif(
    not (PKI / "roots.pem").exists(), reason=f"test PKI not found at {PKI}"
)


def test_from_pem_path_and_bytes():
    a = hocba.TrustStore(PKI / "roots.pem")
    b = hocba.TrustStore(roots=(PKI / "roots.pem").read_bytes())
    c = hocba.TrustStore(str(PKI / "roots.pem"))
    assert a.root_count == b.root_count == c.root_count == 2
    assert "roots=2" in repr(a)


def test_der_roots_lists_and_crls():
    store = hocba.TrustStore()
    assert store.root_count == 0
    added = store.add_roots([PKI / "certs" / "gov-root.der", (PKI / "certs" / "public-root.der").read_bytes()])
    assert added == 2 and store.root_count == 2
    assert store.add_crls([PKI / "crl" / "gov-ca.crl", PKI / "crl" / "public-ca.crl.pem"]) == 2
    assert store.crl_count == 2


def test_bad_trust_inputs():
    store = hocba.TrustStore()
    with pytest.raises(hocba.TrustError) as info:
        store.add_roots(b"\x30\x03\x02\x01\x00")
    assert info.value.code
    with pytest.raises(hocba.TrustError):
        store.add_roots(b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    with pytest.raises(hocba.TrustError):
        store.add_crls(b"garbage")
    with pytest.raises(FileNotFoundError):
        store.add_roots(PKI / "missing.pem")
    for bad in (None, 1, 1.5, [1], object()):
        with pytest.raises(TypeError):
            store.add_roots(bad)
    assert store.root_count == 0


def test_revoked_later_is_shown_and_the_strict_policy_counts_it():
    """Issue 15 item 4: a certificate revoked after the claimed signing time (affiliation
    changed) is kept by the default policy and shown; the strict policy counts it."""
    import datetime

    data = (PKI.parent / "verify" / "cert_revoked_after_signing.cose").read_bytes()
    crls = [PKI / "crl" / n for n in ("gov-ca.crl", "gov-ca-rsa.crl", "public-ca.crl")]
    at = datetime.datetime(2027, 6, 1, tzinfo=datetime.timezone.utc)

    default = hocba.TrustStore(PKI / "roots.pem", crls)
    assert default.revocation == "at_signing_time"
    gvcn = hocba.verify(data, default, at=at, rules=False).signers[0]
    assert gvcn.valid and gvcn.error is None
    later = gvcn.revoked_later
    assert later is not None and later["reason"] == "affiliation_changed"
    assert later["revoked_at"] > gvcn.signing_time

    strict = hocba.TrustStore(PKI / "roots.pem", crls, revocation="strict")
    assert strict.revocation == "strict"
    gvcn = hocba.verify(data, strict, at=at, rules=False).signers[0]
    assert not gvcn.valid and gvcn.error == "revoked_after_claimed_time"
    assert gvcn.revoked_later is not None

    with pytest.raises(ValueError):
        hocba.TrustStore(revocation="sometimes")


def test_tsa_roots_are_a_separate_set_and_reports_say_which_time_was_used():
    """ADR 0160: time-stamping authorities' roots are added apart from the signers' roots; a
    signer without a time-stamp is judged at its claimed signing time, and says so."""
    import datetime

    store = hocba.TrustStore(PKI / "roots.pem")
    assert store.add_tsa_roots(PKI / "tsa-roots.pem") == 1
    assert store.add_tsa_roots([(PKI / "certs" / "tsa-root.der").read_bytes()]) == 1
    assert store.root_count == 2  # the signers' roots are unchanged
    with pytest.raises(hocba.TrustError):
        store.add_tsa_roots(b"\x30\x03\x02\x01\x00")

    data = (PKI.parent / "verify" / "cert_revoked_after_signing.cose").read_bytes()
    at = datetime.datetime(2027, 6, 1, tzinfo=datetime.timezone.utc)
    signer = hocba.verify(data, store, at=at, rules=False).signers[0]
    assert signer.time_source == "claimed"
    assert signer.timestamp is None
