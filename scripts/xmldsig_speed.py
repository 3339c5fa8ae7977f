#!/usr/bin/env python3
"""Verification speed of a three-signer RSA-2048 national XML (issue 13 §Speed): hocba against
Python `xmlsec` (libxmlsec1 + OpenSSL) and `signxml`, verifying the same file, and the
projection of a national school year from hocba's bulk verifier.

  xmldsig_speed.py HOCBA_BIN [--records N] [--rounds R] [--signxml-records M]

The file: `hocba gen --seed 7 --xml`'s grade-5 record (what the bulk verifier reads into the
model; the XML-DSig vectors' data is not a reader-valid record), moved to the test PKI's private
school, signed by `hocba sign` for GVCN, CBQL and KY_PHAT_HANH with the RSA-2048 test keys (RS256).

- Python `xmlsec`, in process, one thread: per record parse the bytes (lxml), register the Ids
  and verify the three ds:Signature elements against a KeysManager holding the trust roots,
  built once (the warm case, as hocba's shared Verifier);
- `signxml` 5, in process: per record the three signatures (XMLVerifier, schema check off, the
  roots as CA file; it parses the document once per signature, as its API does);
- hocba: `hocba verify DIR --threads 1 --json` over N copies of the file (the bulk verifier:
  files read from disk, every signature and digest checked, chains checked once per run, and the
  valid data read into the record model), and the same with `--threads 2` for the projection.

The three are run in alternation, R rounds, and the medians of the per-round rates are compared,
so a change in the shared machine's load hits all of them. Prints the ratios and the projection of
8.9 million records (× 3 RSA-2048 signatures) on this machine with all its cores. Run by
`scripts/bench-xmldsig-python.sh`, which builds hocba and sets up the venv.
"""
import argparse
import base64
import json
import os
import pathlib
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from lxml import etree

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import xmldsig_interop as interop  # noqa: E402  (the interop checks' own verifiers)

PKI = ROOT / "tests/vectors/pki"
ROOTS = ROOT / "tests/vectors/pki/roots.pem"
AT = "2026-06-03T00:00:00Z"
SLOTS = interop.SLOTS
NATIONAL_RECORDS = 8_900_000


def signed_record(binary, work):
    """The three-signer RS256 record, made with the hocba CLI."""
    gen = work / "gen"
    subprocess.run([binary, "gen", "--seed", "7", "--pupils", "1", "--xml", "--out", str(gen)],
                   check=True, capture_output=True)
    xml = (gen / "records/001-y2024-g5.xml").read_text(encoding="utf-8")
    # The test PKI's seal certificate names this school (the verifier matches it).
    xml = xml.replace("<TEN_TRUONG>Trường Tiểu học Kim Đồng<",
                      "<TEN_TRUONG>Trường Tiểu học Tư thục Thử Nghiệm<")
    xml = xml.replace("<MA_TRUONG>49TH0015<", "<MA_TRUONG>01000001<")
    # The record names the test certificates' holders: signing checks the person (ADR 0140).
    for tag, value in [("TEN_GIAO_VIEN_CHU_NHIEM", "Phạm Thu Hà"),
                       ("SO_CCCD_GIAO_VIEN_CHU_NHIEM", "001191000007"),
                       ("TEN_GIAM_HIEU_KY_HOC_BA", "Đỗ Quang Huy"),
                       ("SO_CCCD_GIAM_HIEU_KY_HOC_BA", "001079000008")]:
        xml, n = re.subn(f"<{tag}>[^<]*</{tag}>", f"<{tag}>{value}</{tag}>", xml)
        if n != 1:
            raise SystemExit(f"the generated record has no single <{tag}>")
    prev = work / "unsigned.xml"
    prev.write_text(xml, encoding="utf-8")
    for i, (role, leaf) in enumerate([("gvcn", "gvcn-rsa"), ("cbql", "principal-rsa"),
                                      ("ky-phat-hanh", "seal-rsa")]):
        out = work / f"signed{i}.xml"
        subprocess.run([binary, "sign", str(prev), "-o", str(out), "--role", role,
                        "--key", str(PKI / f"keys/{leaf}.pk8"),
                        "--cert", str(PKI / f"chains/{leaf}.pem"), "--alg", "RS256",
                        "--time", f"2026-06-01T0{7 + i}:00:00+07:00"],
                       check=True, capture_output=True)
        prev = out
    return prev


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def xmlsec_key_rate(data, n):
    """The floor of libxmlsec1: each signature checked with the key of its own leaf certificate
    (no trust decision at all), the document parsed per record."""
    import xmlsec
    ds = interop.DS
    root = etree.fromstring(data)
    keys = {}
    for slot in SLOTS:
        b64 = root.find(f"DANH_SACH_THONG_TIN_KY/{slot}/{{{ds}}}Signature/{{{ds}}}KeyInfo/"
                        f"{{{ds}}}X509Data/{{{ds}}}X509Certificate").text
        der = base64.b64decode(b64)
        keys[slot] = xmlsec.Key.from_memory(der, xmlsec.constants.KeyDataFormatCertDer)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        root = etree.fromstring(data)
        xmlsec.tree.add_ids(root, ["Id"])
        for slot in SLOTS:
            sig = root.find(f"DANH_SACH_THONG_TIN_KY/{slot}/{{{ds}}}Signature")
            ctx = xmlsec.SignatureContext()
            ctx.key = keys[slot]
            ctx.verify(sig)
    return n / (time.perf_counter() - t0), n / (time.process_time() - c0)


def xmlsec_rate(data, n):
    import xmlsec
    manager = xmlsec.KeysManager()
    for pem in interop.roots():
        manager.load_cert_from_memory(pem.encode(), xmlsec.constants.KeyDataFormatCertPem,
                                      xmlsec.constants.KeyDataTypeTrusted)
    ds = interop.DS
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        root = etree.fromstring(data)
        xmlsec.tree.add_ids(root, ["Id"])
        for slot in SLOTS:
            sig = root.find(f"DANH_SACH_THONG_TIN_KY/{slot}/{{{ds}}}Signature")
            xmlsec.SignatureContext(manager).verify(sig)  # raises when invalid
    return n / (time.perf_counter() - t0), n / (time.process_time() - c0)


def signxml_rate(data, n):
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        for slot in SLOTS:
            ok, why = interop.verify_signxml(data, slot)
            if not ok:
                raise SystemExit(f"signxml refused {slot}: {why}")
    return n / (time.perf_counter() - t0), n / (time.process_time() - c0)


def hocba_rate(binary, directory, threads, n):
    c0 = cpu_children()
    out = subprocess.run(
        [binary, "--json", "verify", str(directory), "--trust", str(ROOTS), "--at", AT,
         "--threads", str(threads)],
        check=False, capture_output=True, text=True)
    summary = json.loads(out.stdout.strip().splitlines()[-1])["summary"]
    if summary["valid"] != n:
        raise SystemExit(f"hocba: {summary}")
    # CPU seconds of the whole process (start-up, reading the files, every thread).
    return n / summary["seconds"], n / (cpu_children() - c0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("hocba")
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--signxml-records", type=int, default=40)
    a = ap.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="hocba-xmldsig-speed-"))
    try:
        record = signed_record(a.hocba, work)
        data = record.read_bytes()
        for slot in SLOTS:  # the file verifies in both libraries before anything is timed
            assert interop.verify_xmlsec(data, slot)[0], slot
            assert interop.verify_signxml(data, slot)[0], slot
        records = work / "records"
        records.mkdir()
        for i in range(a.records):
            shutil.copyfile(record, records / f"r{i:06}.xml")
        for slot in SLOTS:  # the key-only floor verifies too
            assert xmlsec_key_rate(data, 1)
        rates = {"hocba_1": [], "hocba_all": [], "xmlsec": [], "xmlsec_key": [], "signxml": []}
        cores = os.cpu_count() or 1
        for _ in range(a.rounds):
            rates["hocba_1"].append(hocba_rate(a.hocba, records, 1, a.records))
            rates["xmlsec"].append(xmlsec_rate(data, a.records // 8))
            rates["xmlsec_key"].append(xmlsec_key_rate(data, a.records // 4))
            rates["signxml"].append(signxml_rate(data, a.signxml_records))
            rates["hocba_all"].append(hocba_rate(a.hocba, records, cores, a.records))
        # Wall-clock rates (the machine is shared: load hits all alike) and rates per CPU
        # second (what the code costs, whatever else runs).
        wall = {k: statistics.median(x[0] for x in v) for k, v in rates.items()}
        cpu = {k: statistics.median(x[1] for x in v) for k, v in rates.items()}
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"file: hocba gen --seed 7 grade 5, signed ({len(data)} bytes, 3 × RSA-2048 RS256)")
        print(f"rounds: {a.rounds}, medians of per-round rates; load average after: {load}")
        print(f"{'':34} {'records/s':>10} {'per CPU s':>10}")
        for k, label in [("hocba_1", "hocba bulk, 1 thread"),
                         ("xmlsec", "python xmlsec, trust roots"),
                         ("xmlsec_key", "python xmlsec, leaf key only"),
                         ("signxml", "signxml")]:
            print(f"{label:34} {wall[k]:10.1f} {cpu[k]:10.1f}")
        for k, label in [("xmlsec", "python xmlsec (trust roots)"),
                         ("xmlsec_key", "python xmlsec (leaf key, no trust)"),
                         ("signxml", "signxml")]:
            print(f"ratio hocba / {label}: {wall['hocba_1'] / wall[k]:.1f}× wall, "
                  f"{cpu['hocba_1'] / cpu[k]:.1f}× per CPU second")
        secs = NATIONAL_RECORDS / wall["hocba_all"]
        print(f"hocba bulk, {cores} threads: {wall['hocba_all']:.0f} records/s measured → "
              f"{NATIONAL_RECORDS:,} records in {secs / 60:.1f} min on this shared machine")
        secs_cpu = NATIONAL_RECORDS / cpu["hocba_all"] / cores
        print(f"  from CPU time ({cpu['hocba_all']:.0f} records per CPU second, {cores} cores "
              f"to ourselves): {secs_cpu / 60:.1f} min")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
