#!/usr/bin/env bash
# Regenerates tests/vectors/ into a temporary directory and fails if it differs from the
# committed tree (a changed, missing or stale file). To accept a change on purpose:
#   cargo run -p hocba-tests --bin gen-vectors
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -p hocba-tests --bin gen-vectors -- "$tmp/vectors"
# tests/vectors/xmldsig/ is not written by the generator (PRESERVED in tests/src/vectors.rs).
# …but for the XML-signature tests' unsigned fixture, which it writes.
if ! diff -r -x xmldsig tests/vectors "$tmp/vectors" >"$tmp/diff.txt" ||
   ! diff tests/vectors/xmldsig/national-unsigned.xml "$tmp/vectors/xmldsig/national-unsigned.xml" >>"$tmp/diff.txt"; then
  head -n 40 "$tmp/diff.txt"
  echo "tests/vectors/ is out of date: run 'cargo run -p hocba-tests --bin gen-vectors' and commit" >&2
  exit 1
fi
echo "tests/vectors/ is up to date"
