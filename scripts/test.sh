#!/usr/bin/env bash
# The one command that runs every test of hocba (README; .ci/run calls it).
# It installs what it needs itself on a fresh Debian 12 machine; caches live under /var/tmp/hocba-*.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s ===\n' "$*"; }

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
cargo clippy --workspace --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "rust: tests"
cargo test --workspace

step "rust: CLI end to end (demo)"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -p hocba-cli -- demo --out "$tmp/demo"

step "server: hocba-server on SQLite and PostgreSQL (temporary cluster), demo start"
scripts/test-server.sh

step "canonical: vector drift, cbor2 interop"
scripts/test-canonical.sh

step "trust: test PKI drift, chain validation"
scripts/test-trust.sh

step "xmldsig: national XML signatures against xmlsec1, Python xmlsec and signxml (both ways)"
scripts/test-xmldsig.sh

step "fuzz: every decoder briefly (cargo-fuzz smoke)"
scripts/fuzz-smoke.sh

step "python: the hocba package (pytest over the shared vectors, stubtest)"
scripts/test-python.sh

step "pdf: veraPDF over rendered PDFs (PDF/A-3u)"
scripts/test-pdfa.sh

step "kotlin and swift: the uniffi bindings over the shared vectors"
scripts/test-kotlin.sh  # Kotlin/JVM bindings: Maven, JUnit 5, the whole vector manifest
scripts/test-swift.sh   # Swift bindings: SwiftPM + XCTest in a Debian trixie chroot
