"""Cross-checks hocba-CBOR against an independent implementation (Python cbor2).

Every `canonical` vector must decode with cbor2 and re-encode with `canonical=True` to the same
bytes; every `hostile` vector that cbor2 reads must NOT survive that round trip byte for byte
unless its fault is one cbor2's canonical mode does not cover (limits, NFC, types, versions).
Run by scripts/test-canonical.sh.
"""

import json
import pathlib
import sys

import cbor2

ROOT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "vectors"


def main() -> int:
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    failures = []
    checked = 0
    for case in manifest["cases"]:
        if case["kind"] != "canonical":
            continue
        data = (ROOT / case["input"]).read_bytes()
        again = cbor2.dumps(cbor2.loads(data), canonical=True)
        checked += 1
        if again != data:
            failures.append(case["id"])
    # Encoding-level faults: cbor2 reads them, and its canonical re-encoding differs.
    for name in ["non_shortest_integer", "non_shortest_length", "indefinite_length", "unsorted_keys"]:
        data = (ROOT / "hostile" / f"{name}.cbor").read_bytes()
        checked += 1
        if cbor2.dumps(cbor2.loads(data), canonical=True) == data:
            failures.append(f"hostile/{name} survives a cbor2 canonical round trip")
    print(f"{checked - len(failures)} passed, {len(failures)} failed")
    for f in failures:
        print(f"FAILED: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
