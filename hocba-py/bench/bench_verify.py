"""Benchmark (not a test): bulk verification with hocba against the best pure-Python pipeline.

Both verify the same signed year records (three Ed25519 signatures each: GVCN, principal,
school seal, chained as the hocba profile requires) against the same trust anchors, with the
same checks: COSE structure and headers, the hocba-CBOR profile of the payload, every
signature, the certificate chains (once per distinct chain) and the signing times. hocba's
TT27 content checks (``rules=``) are off: the pure-Python side has no equivalent. The pure
Python side is ``purepy.py`` (cbor2 + PyNaCl + cryptography).

    python hocba-py/bench/bench_verify.py [--records N] [--repeat R]

Prints records/second for each pipeline and the ratio. Timings depend on the machine and on
what else runs on it; compare the ratio, measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import pathlib
import resource
import statistics
import sys
import time
from typing import Any, List, Sequence, Tuple

import cbor2
from cryptography import x509

import hocba
from hocba import synth

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import purepy  # noqa: E402

PKI = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors" / "pki"
SCHOOL = "Trường Tiểu học Thử Nghiệm Số 1"  # the school the test PKI's seal certificate names
SIGNERS = ("gvcn-ed25519", "principal-ed25519", "seal-ed25519")
SIGNING_TIME = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
AT = SIGNING_TIME + datetime.timedelta(days=30)


def signed_records(n: int) -> List[bytes]:
    """``n`` distinct synthetic grade-4 records at the test PKI's school, signed by all three."""
    keys = [hocba.SigningKey.from_pkcs8(PKI / "keys" / f"{s}.pk8") for s in SIGNERS]
    chains = [(PKI / "chains" / f"{s}.pem").read_bytes() for s in SIGNERS]
    out = []
    per_class = 35
    for c in range(0, n, per_class):
        for rec in synth.class_records(c, 4, 2025, min(per_class, n - c)):
            d = rec.to_dict()
            d["school"]["name"] = SCHOOL
            d["principal"]["capacity"] = "hieu_truong"
            env = hocba.Envelope(hocba.YearRecord.from_json(d))
            for key, chain in zip(keys, chains):
                env = env.sign(key, chain, signing_time=SIGNING_TIME)
            out.append(env.to_bytes())
    return out


def roots() -> List[x509.Certificate]:
    return x509.load_pem_x509_certificates((PKI / "roots.pem").read_bytes())


def pure_python(items: Sequence[bytes]) -> int:
    """Verifies ``items`` in this process; returns how many are valid."""
    chains = purepy.ChainCache(roots())
    at = int(AT.timestamp())
    valid = 0
    for data in items:
        try:
            purepy.verify(data, chains, at)
            valid += 1
        except purepy.Invalid:
            pass
    return valid


def cpu_seconds() -> float:
    """CPU time of this process, all threads (not of child processes)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def best_of(repeat: int, fn: Any) -> Tuple[float, float]:
    """The fastest of ``repeat`` runs: (wall seconds, CPU seconds of this process)."""
    runs = []
    for _ in range(repeat):
        c = cpu_seconds()
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t, cpu_seconds() - c))
    return min(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each pipeline (best is kept)")
    args = ap.parse_args()
    cores = os.cpu_count() or 1

    print(f"signing {args.records} synthetic records (3 Ed25519 signatures each)…", flush=True)
    items = signed_records(args.records)
    size = statistics.mean(len(b) for b in items)
    print(f"  {len(items)} records, {size:.0f} bytes each on average; {cores} cores\n")

    trust = hocba.TrustStore(PKI / "roots.pem")
    # The same outcome on both sides before timing anything.
    reports = hocba.verify_many(items, trust, at=AT, rules=False)
    assert all(r.valid for r in reports), "hocba: not every record is valid"
    assert pure_python(items) == len(items), "pure Python: not every record is valid"
    tampered = bytearray(items[0])
    tampered[-5] ^= 1
    assert not hocba.verify(bytes(tampered), trust, at=AT).valid
    assert pure_python([bytes(tampered)]) == 0

    n = len(items)
    t_bulk = best_of(args.repeat, lambda: hocba.verify_many(items, trust, at=AT, rules=False))
    t_one = best_of(args.repeat, lambda: hocba.verify_many(items, trust, at=AT, threads=1, rules=False))
    t_py = best_of(args.repeat, lambda: pure_python(items))
    # Pure Python on every core too (one process per core, each with its own chain cache).
    chunks = [items[i::cores] for i in range(cores)]
    with multiprocessing.Pool(cores) as pool:
        t_py_mp = best_of(args.repeat, lambda: sum(pool.map(pure_python, chunks)))

    rows = [
        ("hocba.verify_many (all cores, GIL released)", t_bulk),
        ("hocba.verify_many (threads=1)", t_one),
        (f"pure Python, {cores} processes", t_py_mp),
        ("pure Python (cbor2 + PyNaCl + cryptography), 1 process", t_py),
    ]
    print(f"{'':58s} {'wall':>10s}             {'CPU of this process':>20s}")
    for name, (wall, cpu) in rows:
        cpu_text = f"{cpu * 1e6 / n:7.1f} µs/record" if "processes" not in name else ""
        print(f"{name:58s} {n / wall:10.0f} records/s  {wall * 1e6 / n:7.1f} µs/record  {cpu_text}")
    print()
    print(f"ratio hocba bulk / pure Python (1 process), wall:     {t_py[0] / t_bulk[0]:5.1f}x")
    print(f"ratio hocba bulk / pure Python ({cores} processes), wall:  {t_py_mp[0] / t_bulk[0]:5.1f}x")
    print(f"ratio hocba 1 thread / pure Python (1 process), wall: {t_py[0] / t_one[0]:5.1f}x")
    print(f"ratio of CPU time per record, pure Python / hocba:    {t_py[1] / t_one[1]:5.1f}x")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {cores} cores "
          "(on a busy machine threads cannot add CPU: compare CPU time)")


if __name__ == "__main__":
    main()
