#!/usr/bin/env bash
# Trust part: the committed test PKI must equal what its generator produces (no drift), and the
# trust tests (which include an `openssl verify` cross-check) must pass. Idempotent; openssl comes
# from scripts/install-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -p hocba-gen-pki --bin gen-pki -- --check
cargo test --quiet -p hocba-core --lib trust::
