#!/usr/bin/env bash
# The trust tests on their own, for a quick local run (scripts/test.sh does not call this: they
# run in its `cargo test --workspace`) (they include an
# `openssl verify` cross-check of the test PKI; openssl comes from scripts/install-deps.sh). The
# test PKI's drift check is the shared one (scripts/check-vectors.sh, run by test-canonical.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v openssl >/dev/null || echo "note: openssl absent, its cross-check is skipped"
cargo test --quiet -p hocba-core --lib trust::
