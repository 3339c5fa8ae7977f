#!/usr/bin/env bash
# Runs the national-scale benchmarks (criterion, hocba-core/benches/bulk.rs) and the streaming
# memory run (hocba-core/examples/bulk_rss.rs), then writes docs/performance.md: the machine,
# the load, medians, and every figure as a ratio against its floor measured in the same run.
#   scripts/bench.sh                 # full run (1 M records streamed for the memory line)
#   N_RSS=200000 scripts/bench.sh    # shorter memory run
#   REPORT_ONLY=1 scripts/bench.sh   # rewrite the page from the last run's results
# Timings never go into tests; this script is not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
n_rss="${N_RSS:-1000000}"
out=docs/performance.md
work=target/bench-bulk; mkdir -p "$work"
if [ -z "${REPORT_ONLY:-}" ]; then
  cut -d' ' -f1-3 /proc/loadavg >"$work/load_before"
  cargo bench -p hocba-core --bench bulk -- --noplot --warm-up-time 1 --measurement-time 4 "$@" | tee "$work/bench.log"
  cargo bench -p hocba-core --bench render -- --noplot --warm-up-time 1 --measurement-time 4 | tee -a "$work/bench.log"
  cargo bench -p hocba-core --bench xmldsig -- --noplot --warm-up-time 1 --measurement-time 4 2>&1 | tee "$work/xmldsig.log"
  cargo build --release --quiet -p hocba-core --example bulk_rss
  /usr/bin/time -v target/release/examples/bulk_rss "$n_rss" >"$work/rss.out" 2>"$work/time.out"
  cut -d' ' -f1-3 /proc/loadavg >"$work/load_after"
  echo "$n_rss" >"$work/n_rss"
  date -u +'%Y-%m-%d %H:%M UTC' >"$work/run_at"
fi
python3 - "$work" "$(cat "$work/load_before")" "$(cat "$work/load_after")" "$(cat "$work/n_rss")" >"$out" <<'PY'
import json, os, platform, subprocess, sys, datetime
work, load_before, load_after, n_rss = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
N = 512            # records per bulk iteration (benches/bulk.rs)
NATIONAL = 8_900_000
def med(group, name):
    p = f"target/criterion/{group}/{name}/new/estimates.json"
    if not os.path.exists(p):
        return None
    with open(p) as f:
        return json.load(f)["median"]["point_estimate"]  # ns
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
nproc = os.cpu_count()
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
rss_line = open(f"{work}/rss.out").read().strip()
if os.path.exists(f"{work}/time.out"):
    rss_kb = next(int(l.split(":")[1]) for l in open(f"{work}/time.out") if "Maximum resident set size" in l)
else:  # the example's own VmHWM
    rss_kb = int(rss_line.split("peak_rss")[1].split()[0])
bare = med("floor", "bare_3_checks")
streamed = med("floor", "streamed_3_checks")
batch = med("floor", "batch_3n_checks") / N
warm = med("record", "verify_warm")
cold = med("record", "verify_cold")
dec = med("record", "decode_payload")
read = med("record", "read_envelope")
single = med("bulk", "single_loop") / N
stream = med("bulk", "stream") / N
stream1 = med("bulk", "stream_1_thread") / N
sign = med("sign", "sign_all") / N
val = med("record", "validate")
ry = med("render", "year")
rt = med("render", "transcript_5_years")
def us(ns): return f"{ns/1e6:.1f} ms" if ns >= 1e6 else f"{ns/1000:.1f} µs"
def ok(flag): return "✅" if flag else "❌"
proj_min = stream * NATIONAL / 1e9 / 60
rows = [
  ("Full verification of a 3-signer record vs its 3 bare `verify_strict` checks", f"{us(warm)} vs {us(bare)}", f"{bare/warm:.2f}", "≥ 0.85", ok(bare/warm >= 0.85)),
  ("The same record vs its 3 strict checks done as verification does them (streamed, `R` judged on its bytes; ADR 0074)", f"{us(warm)} vs {us(streamed)}", f"{streamed/warm:.2f}", "—", ""),
  ("Bulk throughput (`verify_stream`, {} threads) vs single-record verification (warm verifier, one thread)".format(nproc), f"{us(stream)} vs {us(single)} per record", f"{single/stream:.2f}×", "≥ 2×", ok(single/stream >= 2)),
  ("Bulk vs single verification with a fresh verifier per record (`UnverifiedRecord::verify`)", f"{us(stream)} vs {us(cold)} per record", f"{cold/stream:.2f}×", "—", ""),
  ("Bulk on one thread vs its floor: the record's 3 signatures in a batch", f"{us(stream1)} vs {us(batch)} per record", f"{batch/stream1:.2f}", "—", ""),
  ("National year (8.9 M records) on this machine, projected from the bulk rate", f"{proj_min:.1f} min", f"{1e9/stream:,.0f} records/s", "≤ 10 min", ok(proj_min <= 10)),
  (f"The same year at the batch floor: the signature checks alone, batched, on {nproc} cores", f"{batch * NATIONAL / nproc / 1e9 / 60:.1f} min", f"{1e9 * nproc / batch:,.0f} records/s", "—", ""),
  ("Strict payload decode vs full verification", f"{us(dec)} vs {us(warm)}", f"{dec/warm:.1%}", "small fraction", ""),
  ("Reading the envelope (COSE structure + payload decode) vs full verification", f"{us(read)} vs {us(warm)}", f"{read/warm:.1%}", "small fraction", ""),
  *([("TT27 validation (`rules::validate`) vs full verification", f"{us(val)} vs {us(warm)}", f"{val/warm:.1%}", "small fraction", "")] if val else []),
  *([("Rendering a year record's PDF (`render::render_year`) vs its full verification", f"{us(ry)} vs {us(warm)}", f"{ry/warm:.0f}×", "—", "")] if ry else []),
  *([("Rendering the demo transcript (5 years) as one PDF", f"{rt/1e6:.1f} ms", f"{1e9/rt:.1f} transcripts/s", "—", "")] if rt else []),
  (f"Peak RSS streaming {n_rss:,} records (`bulk_rss`)", f"{rss_kb/1024:.1f} MB", "", "≤ 64 MB", ok(rss_kb/1024 <= 64)),
  ("Bulk signing (`sign_all`, one Ed25519 role, incl. the attach check) per record", us(sign), f"{1e9/sign:,.0f} records/s", "—", ""),
]
print("# Performance\n")
print("Generated by `scripts/bench.sh` (criterion medians from `hocba-core/benches/bulk.rs`, memory from")
print("`hocba-core/examples/bulk_rss.rs` under `/usr/bin/time -v`). Each figure is a ratio against its floor")
print("measured in the same run, because the machine is shared and noisy: compare ratios, not absolute times.")
print("Rerun: `scripts/bench.sh` (about 8 minutes; `N_RSS=200000 scripts/bench.sh` for a shorter memory run).\n")
print("## Machine\n")
print(f"- {nproc} CPUs: {cpu}")
print(f"- {platform.system()} {platform.release()}; {rustc}")
print(f"- load average (1/5/15 min) before: {load_before}; after (includes this run): {load_after}")
run_at = open(f"{work}/run_at").read().strip() if os.path.exists(f"{work}/run_at") else "?"
print(f"- run: {run_at} (measurements); page written {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}\n")
# The load after the run counts the run's own threads; only the load before says the machine
# was shared.
if float(load_before.split()[0]) > nproc - 0.5:
    print("**This run shared the machine** (load average above the CPU count). With the kernel's")
    print("autogroup scheduler each busy session gets a fair share of the CPUs, so worker threads beyond")
    print("that share add nothing: the multi-core figures (bulk vs single, the projection) are lower")
    print("bounds here. The single-thread ratios (full vs bare checks, bulk on one thread vs its batch")
    print("floor) hold. Rerun on a quiet machine for the multi-core figures.\n")
print("## Results\n")
print("| figure | measured | ratio | target | |")
print("| --- | --- | --- | --- | --- |")
for r in rows: print("| " + " | ".join(r) + " |")
print("\n## Medians\n")
print("| benchmark | median |")
print("| --- | --- |")
for g, n, per in [("floor","bare_3_checks",1),("floor","batch_3n_checks",N),("record","verify_warm",1),("record","verify_cold",1),("record","decode_payload",1),("record","read_envelope",1),("record","validate",1),("bulk","single_loop",N),("bulk","stream",N),("bulk","stream_1_thread",N),("sign","sign_all",N),("render","year",1),("render","transcript_5_years",1)]:
    m = med(g, n)
    if m is None: continue
    extra = f" ({us(m/per)} per record)" if per > 1 else ""
    print(f"| `{g}/{n}` | {m/1e6:.3f} ms{extra} |" if m > 1e6 else f"| `{g}/{n}` | {us(m)}{extra} |")
print(f"\nStreaming run: `{rss_line}`.\n")
print("## What is measured\n")
print(f"- Records: synthetic grade-5 pupils (`synth::class`) of the test PKI's school, {N} distinct records per")
print("  bulk iteration, each signed by the three Ed25519 roles of `tests/vectors/pki/` (GVCN, principal, seal;")
print("  government tree, one intermediate), so certificate chains repeat as they do in a real school.")
print("- `floor/bare_3_checks`: `verify_strict` of the three `Sig_structure`s with keys already parsed — the")
print("  three bare signature checks the target is defined against. `floor/streamed_3_checks`: the same")
print("  strict checks as single verification does them since ADR 0074 (the key's weak-point test, then")
print("  ed25519-dalek's streaming verifier, which does not decompress `R`; same answers, tested against")
print("  `verify_strict`) — the lower floor, shown so the first ratio is not read as more than it is.")
print("  `floor/batch_3n_checks`: the same signatures through")
print("  `ed25519_dalek::verify_batch` in batches of 192 (64 records), the floor of batched verification.")
print("- `record/verify_warm`: `Verifier::verify` of one record (strict COSE reading, payload decode, three")
print("  checks, chain validation from the verifier's cache). `record/verify_cold`: a fresh verifier, so both")
print("  chains of each signer are validated again by rustls-webpki.")
print("- `bulk/single_loop`: the N records one after the other with one warm verifier on one thread;")
print(f"  `bulk/stream`: `bulk::verify_stream` on {nproc} worker threads (chunks of 64 records, Ed25519")
print("  batches, shared certificate cache); `bulk/stream_1_thread`: the same on one worker.")
print("- The national projection multiplies the bulk time per record by 8.9 million (about the number of")
print("  primary pupils in 2023–24, one year record each) — reading the files is not included.")
print("- Where the time goes, and why the signed format is not changed to meet the targets:")
print("  `docs/adr/0072-verification-speed-and-the-signed-bytes.md`.")
print("- Peak RSS: the whole process (including a pool of 256 distinct signed records, ≈ 1 MB) while")
print(f"  {n_rss:,} records stream through `verify_stream` with the default bounds (4 × threads chunks of 64).")
PY
python3 - "$work" >>"$out" <<'PY'
import json, re, sys
work = sys.argv[1]
def med(name):
    p = f"target/criterion/xmldsig_rsa2048/{name}/new/estimates.json"
    return json.load(open(p))["median"]["point_estimate"] / 1000
log = open(f"{work}/xmldsig.log").read()
m = re.search(r"median of 400 alternated pairs: ([0-9.]+) \(quartiles ([0-9.]+)\.\.([0-9.]+)\)", log)
mr = re.search(r"median of 400 alternated triples: ([0-9.]+) \(quartiles ([0-9.]+)\.\.([0-9.]+)\)", log)
ml = re.search(r"keys parsed once / full warm verification\), median of 400 alternated rounds: ([0-9.]+) \(quartiles ([0-9.]+)\.\.([0-9.]+)\)", log)
bare, ring, lc, warm, read, parse = (med(n) for n in ["bare_3_checks", "bare_3_checks_ring", "bare_3_checks_aws_lc_parsed", "verify_warm", "read", "parse_only"])
print()
print("## XML signature (the national XML, `hocba-core/benches/xmldsig.rs`)")
print()
print("A three-signer national record (RS256, RSA-2048, chained references; 17 kB).")
print()
print("| figure | measured | ratio | target | |")
print("| --- | --- | --- | --- | --- |")
r = float(m.group(1))
print(f"| Full verification (warm; RSA by aws-lc-rs, ADR 0117) vs its 3 bare RustCrypto `rsa` checks, alternated (median, quartiles) | — | {r:.2f} ({m.group(2)}..{m.group(3)}) | ≥ 0.8 | {'✅' if r >= 0.8 else '❌'} |")
print(f"| The same vs its 3 bare aws-lc-rs checks with keys parsed once (the provider in use), alternated (median, quartiles) | — | {float(ml.group(1)):.2f} ({ml.group(2)}..{ml.group(3)}) | — | |")
print(f"| The same vs its 3 bare `ring` checks (ADR 0120's provider), alternated (median, quartiles) | — | {float(mr.group(1)):.2f} ({mr.group(2)}..{mr.group(3)}) | — | |")
print(f"| The same from criterion medians | {warm:.1f} µs vs {bare:.1f} µs | {bare / warm:.2f} | ≥ 0.8 | |")
print(f"| Reading (strict parse, positions, C14N, digests) vs the 3 bare checks | {read:.1f} µs vs {bare:.1f} µs | {read / bare:.2f} | — | |")
print(f"| roxmltree parse alone vs reading | {parse:.1f} µs vs {read:.1f} µs | {parse / read:.2f} | — | |")
print(f"| 3 RSA checks: ring vs RustCrypto `rsa` | {ring:.1f} µs vs {bare:.1f} µs | {bare / ring:.1f}× faster | — | |")
print(f"| 3 RSA checks: aws-lc-rs (keys parsed once) vs ring | {lc:.1f} µs vs {ring:.1f} µs | {ring / lc:.2f}× faster | — | |")
PY
echo "wrote $out"
