#!/usr/bin/env bash
# CI fuzz smoke run: every cargo-fuzz target in fuzz/ for a short time (FUZZ_SECS, default 20 s
# each), seeded from tests/vectors/, synthetic records and fuzz/regressions/. Fails on any crash,
# panic, leak or timeout. Installs cargo-fuzz if missing (cached under /var/tmp/hocba-cargo-fuzz).
# Longer campaigns: RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET -- -max_total_time=N (run in fuzz/..).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${FUZZ_SECS:-20}"
cache=/var/tmp/hocba-cargo-fuzz
export PATH="$cache/bin:$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz into $cache"
  cargo install --locked --root "$cache" cargo-fuzz
fi
# cargo-fuzz needs nightly-only compiler flags; the stable toolchain allows them this way.
export RUSTC_BOOTSTRAP=1
fuzz/seed-corpus.sh
targets=$(cargo fuzz list)
cargo fuzz build
status=0
for t in $targets; do
  mkdir -p "fuzz/corpus/$t"
  # Regression inputs first: each must run clean on its own.
  if [ -d "fuzz/regressions/$t" ] && [ -n "$(ls -A "fuzz/regressions/$t")" ]; then
    if ! cargo fuzz run "$t" "fuzz/regressions/$t"/* -- -runs=1 >"fuzz/smoke-$t.log" 2>&1; then
      echo "FAIL $t: a regression input crashes again"; tail -30 "fuzz/smoke-$t.log"; status=1; continue
    fi
  fi
  if cargo fuzz run "$t" "fuzz/corpus/$t" fuzz/seeds -- \
      -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      >"fuzz/smoke-$t.log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "fuzz/smoke-$t.log" | grep -o '[0-9]*$' || true)
    echo "ok   $t: ${execs:-?} executions in ${secs}s, no crash"
  else
    echo "FAIL $t (log: fuzz/smoke-$t.log; input under fuzz/artifacts/$t/)"
    grep -A20 -m1 'panicked\|ERROR: libFuzzer\|==ERROR' "fuzz/smoke-$t.log" || tail -30 "fuzz/smoke-$t.log"
    status=1
  fi
done
exit $status
