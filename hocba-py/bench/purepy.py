"""The best pure-Python verifier of hocba signed year records we could write, for comparison.

Same job as ``hocba.verify`` with the same trust decisions for these records: the COSE_Sign
structure and headers, the hocba-CBOR profile of the payload (strict: decode, re-encode
canonically, compare; NFC text), the three chained signatures (PyNaCl Ed25519, the fastest
Ed25519 in Python; ``cryptography`` for ECDSA/RSA), and the certificate chains (validated
once per distinct chain with ``cryptography`` and cached, as hocba does).

Not a test, not a product: it exists only so the benchmark compares like with like.
"""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any, Dict, List, Sequence, Tuple

import cbor2
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives import hashes
from nacl.signing import VerifyKey

TAG_COSE_SIGN = 98
CONTENT_TYPE = "application/vnd.hocba.year-record+cbor"
BODY_HEADER = cbor2.dumps({3: CONTENT_TYPE}, canonical=True)
ROLES = ("gvcn", "hieu_truong", "con_dau")
LABEL_ALG, LABEL_X5CHAIN, LABEL_ROLE, LABEL_TIME, LABEL_CAPACITY = 1, 33, -70001, -70002, -70003
MAX_SKEW = 300


class Invalid(Exception):
    """The record does not verify; ``args[0]`` says why."""


def _array_head(n: int) -> bytes:
    return cbor2.dumps([None] * n)[: -n] if n else b"\x80"


def _check_nfc(value: Any) -> None:
    if isinstance(value, str):
        if not unicodedata.is_normalized("NFC", value):
            raise Invalid("non_nfc_text")
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_nfc(k)
            _check_nfc(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_nfc(v)
    elif isinstance(value, float):
        raise Invalid("float")


def _strict_cbor(data: bytes) -> Any:
    """Decodes ``data`` and requires it to be deterministic CBOR (RFC 8949 §4.2.1)."""
    try:
        value = cbor2.loads(data)
    except Exception as e:  # cbor2 raises several types
        raise Invalid("malformed") from e
    if cbor2.dumps(value, canonical=True) != data:
        raise Invalid("not_canonical")
    _check_nfc(value)
    return value


class ChainCache:
    """Validates each distinct certificate chain once against the roots, as hocba does."""

    def __init__(self, roots: Sequence[x509.Certificate]) -> None:
        self.roots = {r.subject.public_bytes(): r for r in roots}
        self.cache: Dict[Tuple[bytes, ...], Tuple[Any, datetime.datetime, datetime.datetime]] = {}

    def key_for(self, chain: Tuple[bytes, ...], signing_time: int) -> Any:
        entry = self.cache.get(chain)
        if entry is None:
            entry = self._validate(chain)
            self.cache[chain] = entry
        key, not_before, not_after = entry
        t = datetime.datetime.fromtimestamp(signing_time, datetime.timezone.utc)
        if not (not_before <= t <= not_after):
            raise Invalid("cert_expired")
        return key

    def _validate(self, chain: Tuple[bytes, ...]) -> Tuple[Any, datetime.datetime, datetime.datetime]:
        certs = [x509.load_der_x509_certificate(c) for c in chain]
        issuer_of_last = self.roots.get(certs[-1].issuer.public_bytes())
        if issuer_of_last is None:
            raise Invalid("unknown_issuer")
        path = certs + [issuer_of_last]
        for child, parent in zip(path, path[1:]):
            try:
                child.verify_directly_issued_by(parent)
            except Exception as e:
                raise Invalid("bad_signature") from e
        # The window in which every certificate of the path is valid.
        not_before = max(c.not_valid_before_utc for c in path)
        not_after = min(c.not_valid_after_utc for c in path)
        leaf_key = certs[0].public_key()
        if isinstance(leaf_key, ed25519.Ed25519PublicKey):
            from cryptography.hazmat.primitives import serialization

            raw = leaf_key.public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
            return VerifyKey(raw), not_before, not_after
        return leaf_key, not_before, not_after


def _verify_signature(key: Any, alg: int, tbs: bytes, signature: bytes) -> None:
    try:
        if isinstance(key, VerifyKey):
            if alg != -8:
                raise Invalid("alg_mismatch")
            key.verify(tbs, signature)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

            n = len(signature) // 2
            der = encode_dss_signature(int.from_bytes(signature[:n], "big"), int.from_bytes(signature[n:], "big"))
            h = hashes.SHA384() if alg == -35 else hashes.SHA256()
            key.verify(der, tbs, ec.ECDSA(h))
        elif isinstance(key, rsa.RSAPublicKey):
            if alg == -37:
                key.verify(signature, tbs, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256())
            else:
                key.verify(signature, tbs, padding.PKCS1v15(), hashes.SHA256())
        else:
            raise Invalid("unsupported_key")
    except Invalid:
        raise
    except Exception as e:
        raise Invalid("bad_signature") from e


def verify(data: bytes, chains: ChainCache, at: int) -> Dict[str, Any]:
    """Verifies one signed year record; returns the decoded payload or raises ``Invalid``."""
    try:
        outer = cbor2.loads(data)
    except Exception as e:
        raise Invalid("malformed") from e
    if not isinstance(outer, cbor2.CBORTag) or outer.tag != TAG_COSE_SIGN:
        raise Invalid("not_cose_sign")
    body = outer.value
    if not isinstance(body, (list, tuple)) or len(body) != 4:
        raise Invalid("not_cose_sign")
    body_protected, body_unprotected, payload, signatures = body
    if body_protected != BODY_HEADER or body_unprotected != {}:
        raise Invalid("body_header")
    if not isinstance(signatures, (list, tuple)) or not 1 <= len(signatures) <= 3:
        raise Invalid("signatures")
    record = _strict_cbor(payload)
    encoded: List[bytes] = [cbor2.dumps(s) for s in signatures]
    previous_time = None
    for i, sig in enumerate(signatures):
        if not isinstance(sig, (list, tuple)) or len(sig) != 3 or sig[1] != {}:
            raise Invalid("signer_header")
        protected, _, signature = sig
        header = _strict_cbor(protected)
        if header.get(LABEL_ROLE) != ROLES[i]:
            raise Invalid("role_out_of_order")
        chain = header[LABEL_X5CHAIN]
        chain = (chain,) if isinstance(chain, bytes) else tuple(chain)
        signing_time = header[LABEL_TIME]
        key = chains.key_for(chain, signing_time)
        aad = b"" if i == 0 else _array_head(i) + b"".join(encoded[:i])
        tbs = cbor2.dumps(["Signature", body_protected, protected, aad, payload])
        _verify_signature(key, header[LABEL_ALG], tbs, signature)
        if signing_time > at + MAX_SKEW:
            raise Invalid("signing_time_in_future")
        if previous_time is not None and signing_time + MAX_SKEW < previous_time:
            raise Invalid("signing_time_order")
        # The principal signs in the capacity the record names (CDDL: year-record key 8,
        # principal-signatory key 2).
        if ROLES[i] == "hieu_truong" and header.get(LABEL_CAPACITY) != record[8][2]:
            raise Invalid("capacity_mismatch")
        previous_time = signing_time
    if len(signatures) < 3:
        raise Invalid("incomplete")
    return record
