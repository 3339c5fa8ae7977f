#!/usr/bin/env bash
# Fills fuzz/seeds/ with seed inputs for every fuzz target: the shared test vectors
# (tests/vectors/, every file), the synthetic records and transcripts of
# `hocba-core --example fuzz_seeds`, and the regression inputs kept in fuzz/regressions/.
# libFuzzer reads fuzz/seeds/ as an extra corpus directory (read-only); what it finds goes
# to fuzz/corpus/TARGET (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=fuzz/seeds
rm -rf "$seeds"; mkdir -p "$seeds"
cargo run --quiet -p hocba-core --example fuzz_seeds -- "$seeds" >/dev/null 2>&1 \
  || cargo run --quiet -p hocba-core --example fuzz_seeds -- "$seeds"
if [ -d tests/vectors ]; then
  find tests/vectors -type f -size -1M ! -name '*.md' -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "$seeds/vec-$(printf '%s' "$f" | sha256sum | cut -c1-16)"
    done
fi
if [ -d fuzz/regressions ]; then
  find fuzz/regressions -type f -print0 | while IFS= read -r -d '' f; do cp "$f" "$seeds/"; done
fi
echo "$(ls "$seeds" | wc -l) seed files in $seeds"
