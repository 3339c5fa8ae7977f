#!/usr/bin/env bash
# Regenerates docs/img/demo-year-page.png: the first page of the demo pupil's grade-5 year,
# rendered by `hocba render` and rasterised by pdftoppm (poppler-utils) at 100 dpi.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -p hocba-cli -- render docs/examples/year-record.json -o "$tmp/year.pdf" >/dev/null
pdftoppm -r 100 -png -f 1 -l 1 -singlefile "$tmp/year.pdf" "$tmp/page"
mkdir -p docs/img
cp "$tmp/page.png" docs/img/demo-year-page.png
echo "wrote docs/img/demo-year-page.png"
