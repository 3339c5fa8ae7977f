#!/usr/bin/env bash
# The one command that runs every test of hocba (README; .ci/run calls it).
# It installs what it needs itself on a fresh Debian 12 machine; caches live under /var/tmp/hocba-*.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step says how long it took (and the whole run at the end), so a slow step shows.
run_start=$SECONDS
step_name=""
step_start=$SECONDS
step_end() {
  if [ -n "$step_name" ]; then
    printf '=== %s: %d s ===\n' "$step_name" $((SECONDS - step_start))
  fi
}
step() {
  step_end
  step_name="$*"
  step_start=$SECONDS
  printf '\n=== %s ===\n' "$*"
}
tmp=$(mktemp -d)
# shellcheck source=lib/pg.sh
. scripts/lib/pg.sh
finish() {
  local rc=$?
  step_end
  printf '\n=== total: %d s (exit %d) ===\n' $((SECONDS - run_start)) "$rc"
  pg_stop
  rm -rf "$tmp"
}
trap finish EXIT

# CI builds from a clean clone: incremental caches would only cost disk (ADR 0073).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# A clean run writes about 5 GB under target/ and fuzz/target/ (ADR 0073); a full disk shows up
# later as a linker killed by SIGBUS, so say it here first.
avail_kb=$(df -Pk . | awk 'NR==2 {print $4}')
if [ "$avail_kb" -lt $((6 * 1024 * 1024)) ]; then
  echo "warning: $((avail_kb / 1024)) MB free under $(pwd); a clean run needs about 5 GB (ADR 0073)" >&2
fi

step "system packages"
scripts/install-deps.sh
scripts/install-pdf-tools.sh

step "rust: fmt, clippy, doc"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --features hocba-cli/demo,hocba-server/demo -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet
python3 scripts/adr_index.py --check  # docs/adr/README.md lists every ADR with its status

step "rust: tests (the server's on SQLite and on a temporary PostgreSQL cluster)"
# One build for every crate: `hocba demo` and the tests that use it need the demo feature (the
# test PKI, ADR 0095), and so does the server's demo school. The binaries this build makes
# (target/debug/hocba, hocba-server) are the ones the server and browser steps below start.
# The crash test (kill -9 mid-submission) uses 2,000 signed records: one transaction holds at most
# ~6,500 of them under the 10 MB bound, and signing dominates a debug build's time.
pg_start
HOCBA_CRASH_RECORDS=2000 cargo test --workspace --features hocba-cli/demo,hocba-server/demo
pg_stop
# Absolute: the Python tests run from hocba-py/ and start these binaries too.
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
export HOCBA_BIN_DIR="$target_dir/debug"

step "rust: hocba without the demo feature holds no test PKI"
# A debug build (it shares its dependencies with the demo step below; a release build cost five
# minutes for the same answer: the test PKI is left out by `cfg`, not by the optimiser).
cargo test --quiet -p hocba-cli --test no_test_pki

step "rust: CLI end to end (the README's demo command)"
cargo run --quiet -p hocba-cli --features demo -- demo --out "$tmp/demo"

step "server: the demo server starts; the lookup page in headless Chromium"
scripts/test-server.sh    # with HOCBA_BIN_DIR set: its tests ran in the workspace step above
scripts/test-browser.sh   # the lookup page in headless Chromium (Debian package)

step "canonical: vector drift, cbor2 interop"
scripts/test-canonical.sh

# The trust tests (with their openssl cross-check) ran in `cargo test --workspace` above, and
# the test PKI's drift check in test-canonical.sh: scripts/test-trust.sh is for running them
# alone, not a step here (no test runs twice).

step "xmldsig: national XML signatures against xmlsec1, Python xmlsec and signxml (both ways)"
scripts/test-xmldsig.sh

step "fuzz: every decoder briefly (cargo-fuzz smoke)"
scripts/fuzz-smoke.sh

step "python: the hocba package (pytest over the shared vectors, stubtest)"
scripts/test-python.sh

step "pdf: veraPDF over rendered PDFs (PDF/A-3u); PAdES against pdfsig, pyHanko and veraPDF"
scripts/test-pdfa.sh
scripts/test-pades.sh   # the signed PDF: pdfsig (NSS), pyHanko (PAdES B-B), veraPDF, negative controls

step "kotlin and swift: the uniffi bindings over the shared vectors"
scripts/test-kotlin.sh  # Kotlin/JVM bindings: Maven, JUnit 5, the whole vector manifest
scripts/test-swift.sh   # Swift bindings: SwiftPM + XCTest in a Debian trixie chroot
