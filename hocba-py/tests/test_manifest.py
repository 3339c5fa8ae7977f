"""The shared test vectors: every case of ``tests/vectors/manifest.json``, the same outcome as
the Rust runner (``tests/tests/manifest.rs``), dispatched on ``kind`` the same way.

A kind this runner does not know fails (it is never skipped), so a new kind added to the
generator must be added here too.
"""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any, Callable, Dict, List

import pytest

import hocba

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"
MANIFEST = VECTORS / "manifest.json"


def _cases() -> List[Dict[str, Any]]:
    if not MANIFEST.exists():
        return []
    doc = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert doc["version"] == 1, "unknown manifest version"
    return list(doc["cases"])


CASES = _cases()


def _read(case: Dict[str, Any]) -> bytes:
    return (VECTORS / case["input"]).read_bytes()


def _outcome(fn: Callable[[], Any]) -> Dict[str, Any]:
    """``{"ok": True}`` or ``{"ok": False, "error": code}`` for a call."""
    try:
        fn()
    except hocba.HocbaError as e:
        return {"ok": False, "error": e.code}
    return {"ok": True}


TYPES = {"year_record": hocba.YearRecord, "transcript": hocba.Transcript}


def _type(case: Dict[str, Any]) -> Any:
    ty = case["type"]
    assert ty in TYPES, f"{case['id']}: unknown type {ty!r}"
    return TYPES[ty]


def _parse_annotated_hex(text: str) -> bytes:
    """The bytes of an annotated hex dump: everything after ``#`` on a line is a comment."""
    digits = "".join("".join(line.split("#", 1)[0].split()) for line in text.splitlines())
    return bytes.fromhex(digits)


def _canonical(case: Dict[str, Any]) -> Dict[str, Any]:
    """A valid document: its JSON encodes to exactly the vector's bytes, the bytes decode to
    the JSON's value, and the annotated hex is the same bytes (``kinds/canonical.rs``)."""
    assert case["expect"]["ok"], "canonical cases are valid documents"
    cls = _type(case)
    data = _read(case)
    text = (VECTORS / case["json"]).read_text(encoding="utf-8")

    def check() -> None:
        from_json = cls.from_json(text)
        decoded = cls.from_cbor(data)
        assert from_json.to_cbor() == data, "encoding the JSON differs from the vector"
        assert decoded == from_json, "decoding the bytes does not give the JSON's value"
        assert decoded.to_cbor() == data
        hex_text = (VECTORS / case["hex"]).read_text(encoding="utf-8")
        assert _parse_annotated_hex(hex_text) == data, "the annotated hex is not the vector's bytes"

    return _outcome(check)


def _hostile(case: Dict[str, Any]) -> Dict[str, Any]:
    """Bytes the strict decoder must reject with the expected code (``kinds/hostile.rs``)."""
    assert not case["expect"]["ok"], "hostile cases expect an error"
    cls = _type(case)
    data = _read(case)
    outcome = _outcome(lambda: cls.from_cbor(data))
    if not outcome["ok"]:
        # The rejection is a DecodeError, like any unreadable input, and carries the core's
        # kind and path — the same the Rust runner and the Kotlin/Swift bindings see (ADR 0096).
        with pytest.raises(hocba.DecodeError) as info:
            cls.from_cbor(data)
        assert info.value.kind == case["error_kind"], case["id"]
        assert info.value.path == case["error_path"], case["id"]
    return outcome


def _validate(case: Dict[str, Any]) -> Dict[str, Any]:
    """A JSON document validated under the default policy: the first error's code, every
    violation's code in order, and the derived result (``kinds/validate.rs``)."""
    cls = _type(case)
    record = cls.from_json(_read(case).decode("utf-8"))
    report = hocba.validate(record)
    assert report.codes == case.get("violations"), f"violations: got {report.codes}"
    if "derived" in case:
        derived = report.derived.result if report.derived is not None else None
        assert derived == case["derived"], f"derived result: got {derived}"
    errors = report.errors
    return {"ok": True} if not errors else {"ok": False, "error": errors[0].code}


def _rfc3339(t: datetime.datetime) -> str:
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _raised(e: hocba.HocbaError) -> Dict[str, Any]:
    """The outcome of a refused call: the core's code, kind (the exception class) and path."""
    return {"raised": {"code": e.code, "kind": e.kind, "path": e.path}}


def _signer(s: Any) -> Dict[str, Any]:
    revoked = s.revoked_later
    stamp = s.timestamp
    return {
        "position": s.position,
        "role": s.role,
        "capacity": s.capacity,
        "algorithm": s.algorithm,
        "signing_time": _rfc3339(s.signing_time),
        "valid": s.valid,
        "error": s.error,
        "subject_name": s.subject_name,
        "serial": s.serial,
        "issuer": s.issuer,
        "organisation": s.organisation,
        "is_organisation": s.is_organisation,
        "time_source": s.time_source,
        "judged_at": _rfc3339(s.judged_at),
        "timestamp": None
        if stamp is None
        else {
            "time": _rfc3339(stamp["time"]),
            "tsa": stamp["tsa"],
            "tsa_root": stamp["tsa_root"],
            "serial": stamp["serial"],
            "policy": stamp["policy"],
        },
        "revoked_later": None
        if revoked is None
        else {"revoked_at": _rfc3339(revoked["revoked_at"]), "reason": revoked["reason"]},
    }


def _findings(findings: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{k: f[k] for k in ("code", "rule", "path", "blocking")} for f in findings]


def _record_report(r: Any) -> Dict[str, Any]:
    return {
        "status": r.status,
        "error": r.error,
        "digest": r.digest,
        "missing": list(r.missing),
        "signers": [_signer(s) for s in r.signers],
        "findings": _findings(r.findings),
    }


def _transcript_report(r: Any) -> Dict[str, Any]:
    return {
        "status": r.status,
        "error": r.error,
        "issues": [{"code": i["code"], "record": i["record"]} for i in r.issues],
        "findings": _findings(r.findings),
        "years": [
            {
                "revisions": [
                    {
                        "record": i["record"],
                        "digest": i["digest"],
                        "supersedes": i["supersedes"],
                        "lookup_code": i["lookup_code"],
                        "recalled": i["recalled"],
                        "report": _record_report(v),
                    }
                    for v, i in zip(y["revisions"], y["revision_info"])
                ]
            }
            for y in r.years
        ],
    }


def _first_difference(want: Any, got: Any, at: str = "") -> Any:
    """The JSON pointer of the first field where ``got`` differs from ``want``, or None."""
    if isinstance(want, dict) and isinstance(got, dict):
        for k in sorted(set(want) | set(got)):
            d = _first_difference(want.get(k), got.get(k), f"{at}/{k}")
            if d is not None:
                return d
        return None
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (w, g) in enumerate(zip(want, got)):
            d = _first_difference(w, g, f"{at}/{i}")
            if d is not None:
                return d
        return None
    return None if want == got else (at, want, got)


def _check_outcome(case: Dict[str, Any], got: Dict[str, Any]) -> Dict[str, Any]:
    """Compares every field of ``got`` with the case's ``outcome`` (generated from the core,
    ``tests/src/kinds/outcome.rs``) and returns the short form ``expect`` states."""
    assert "outcome" in case, f"{case['id']}: no outcome"
    diff = _first_difference(case["outcome"], got)
    assert diff is None, f"{case['id']}: outcome{diff[0]}: expected {diff[1]!r}, got {diff[2]!r}"
    if "raised" in got:
        return {"ok": False, "error": got["raised"]["code"]}
    report = got["report"]
    if report["status"] == "valid":
        return {"ok": True}
    return {"ok": False, "error": report["error"] or "invalid"}


def _trust(case: Dict[str, Any]) -> "hocba.TrustStore":
    """The case's signer roots, CRLs and time-stamping authorities' roots (``tsa_roots``, a
    separate set: ADR 0160)."""
    return hocba.TrustStore(
        roots=[VECTORS / p for p in case.get("trust", [])],
        crls=[VECTORS / p for p in case.get("crls", [])],
        tsa_roots=[VECTORS / p for p in case.get("tsa_roots", [])],
    )


def _at(case: Dict[str, Any]) -> datetime.datetime:
    return datetime.datetime.strptime(case["at"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc
    )


def _verify(case: Dict[str, Any]) -> Dict[str, Any]:
    """A signed year record or transcript verified against the case's roots and CRLs at the
    case's time: the full report (every signer's and finding's fields), or the code, kind and
    path of the error that made the bytes unreadable (``kinds/verify.rs``)."""
    trust, at, data = _trust(case), _at(case), _read(case)
    transcript = case.get("type") == "transcript"
    fn = hocba.verify_transcript if transcript else hocba.verify
    try:
        report = fn(data, trust, at=at)
    except hocba.HocbaError as e:
        return _check_outcome(case, _raised(e))
    if report.status == "valid":
        assert report.valid and report.error is None
    got = _transcript_report(report) if transcript else _record_report(report)
    return _check_outcome(case, {"report": got})


def _signed_xml(case: Dict[str, Any]) -> Dict[str, Any]:
    """A national XML signed with XML-DSig (valid records, a changed byte, the attack corpus)
    verified as a year record against the case's roots at the case's time: the full report, or
    the code, kind and path of the error that made the bytes unreadable
    (``kinds/signed_xml.rs``); each valid case's signers have the listed roles and algorithms.
    The bulk path (``verify_many``) must give the same report, or for an unreadable input a
    report with its code."""
    if case.get("type") == "years":
        return _xml_years(case)
    trust, at, data = _trust(case), _at(case), _read(case)
    [bulk] = hocba.verify_many([data], trust, at=at, threads=1)
    try:
        report = hocba.verify_xml(data, trust, at=at)
    except hocba.HocbaError as e:
        assert not bulk.valid and bulk.error == e.code, f"verify_many: {bulk.error}"
        return _check_outcome(case, _raised(e))
    assert _record_report(bulk) == _record_report(report), "verify_many differs"
    if report.status != "valid":
        assert report.record is None, "a record handed out with an invalid report"
    else:
        assert report.valid and report.error is None and report.record is not None
        assert bulk.record == report.record
    if "signers" in case:
        got = [{"role": s.role, "algorithm": s.algorithm} for s in report.signers]
        assert got == case["signers"], f"signers: got {got}"
    if "time_sources" in case:
        # A time-stamped signer is judged at its token's time (ADR 0160).
        got = [s.time_source for s in report.signers]
        assert got == case["time_sources"], f"time_sources: got {got}"
        for s in report.signers:
            stamped = s.timestamp["time"] if s.timestamp else None
            assert (stamped if s.time_source == "timestamp" else s.signing_time) == s.judged_at
    return _check_outcome(case, {"report": _record_report(report)})


def _xml_years(case: Dict[str, Any]) -> Dict[str, Any]:
    """A ``years`` case of ``signed_xml``: the case's ``records`` verified as one học bạ with the
    portal's ``recalled`` lookup codes and ``replaced`` links (ADR 0170): the transcript report
    (each revision's ``recalled``), or the code, kind and path of the first unreadable record."""
    trust, at = _trust(case), _at(case)
    records = [(VECTORS / p).read_bytes() for p in case["records"]]
    try:
        report = hocba.verify_xml_transcript(
            records, trust, at=at, recalled=case["recalled"], replaced=case["replaced"]
        )
    except hocba.HocbaError as e:
        return _check_outcome(case, _raised(e))
    return _check_outcome(case, {"report": _transcript_report(report)})


def test_a_changed_outcome_field_fails() -> None:
    """The comparison reads every field: a kind, a path or a signer's field other than the
    core's fails the case (as the Rust runner's ``a_changed_outcome_field_fails``)."""
    if not CASES:
        pytest.skip(f"{MANIFEST} not found")
    by_id = {c["id"]: c for c in CASES}
    for cid, path, value in [
        ("verify/payload_grade_out_of_range", ("raised", "path"), None),
        ("verify/payload_grade_out_of_range", ("raised", "kind"), "signature"),
        ("verify/valid_ed25519", ("report", "signers", 2, "subject_name"), "X"),
        ("verify/cert_revoked_after_signing", ("report", "signers", 0, "revoked_later"), None),
        ("verify/valid_ed25519", ("report", "signers", 2, "issuer"), "X"),
        ("signed_xml/timestamped_seal", ("report", "signers", 2, "judged_at"), "2026-06-01T00:02:00Z"),
        ("signed_xml/timestamped_seal", ("report", "signers", 2, "timestamp"), None),
        ("verify/correction_chain", ("report", "years", 0, "revisions", 1, "lookup_code"), None),
        ("verify/correction_chain", ("report", "years", 0, "revisions", 1, "supersedes"), None),
        ("signed_xml/years_recalled_and_replaced", ("report", "years", 0, "revisions", 0, "recalled"), False),
    ]:
        case = json.loads(json.dumps(by_id[cid]))
        test_case(case)
        node = case["outcome"]
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
        with pytest.raises(AssertionError, match="outcome/"):
            test_case(case)


def _xml(case: Dict[str, Any]) -> Dict[str, Any]:
    """A national XML (CV 2088) reads to the case's JSON (and writes back to the same bytes
    when ``roundtrip``), or is refused with the expected code (``kinds/xml.rs``)."""
    data = _read(case)

    def check() -> None:
        record = hocba.YearRecord.from_xml(data)
        if case["expect"]["ok"]:
            expected = hocba.YearRecord.from_json((VECTORS / case["json"]).read_text(encoding="utf-8"))
            assert record.to_cbor() == expected.to_cbor(), "reads to a different model than the case's JSON"
            if case.get("roundtrip"):
                assert record.to_xml() == data, "writing the record back gives other bytes"

    outcome = _outcome(check)
    if not outcome["ok"] and "error_kind" in case:
        # A refusal carries the core's kind and path, as in Rust, Kotlin and Swift (ADR 0180).
        with pytest.raises(hocba.HocbaError) as info:
            hocba.YearRecord.from_xml(data)
        assert info.value.kind == case["error_kind"], case["id"]
        assert info.value.path == case["error_path"], case["id"]
    return outcome


def _pki(case: Dict[str, Any]) -> Dict[str, Any]:
    """The test PKI's files are inputs of other kinds; the kind has no cases of its own."""
    pytest.fail(f"{case['id']}: kind `pki` has no cases")


# kind → handler returning the outcome to compare with ``expect`` (the Rust ``KINDS``).
HANDLERS: Dict[str, Callable[[Dict[str, Any]], Dict[str, Any]]] = {
    "canonical": _canonical,
    "hostile": _hostile,
    "pki": _pki,
    "signed_xml": _signed_xml,
    "validate": _validate,
    "verify": _verify,
    "xml": _xml,
}


def test_manifest_present():
    if not MANIFEST.exists():
        pytest.skip(f"{MANIFEST} not found: the vectors have not been generated in this checkout")
    assert CASES, "the manifest has no cases"
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"


def test_an_unknown_kind_fails():
    if not CASES:
        pytest.skip(f"{MANIFEST} not found")
    case = dict(CASES[0], kind="no_such_kind")
    with pytest.raises(pytest.fail.Exception, match="unknown kind"):
        test_case(case)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: Dict[str, Any]) -> None:
    kind = case["kind"]
    handler = HANDLERS.get(kind)
    if handler is None:
        pytest.fail(f"case {case['id']}: unknown kind {kind!r} (add it to HANDLERS)")
    expect = case["expect"]
    got = handler(case)
    if expect["ok"]:
        assert got == {"ok": True}, f"{case['id']}: {case.get('description', '')}"
    else:
        assert got == {"ok": False, "error": expect["error"]}, (
            f"{case['id']}: {case.get('description', '')}"
        )
