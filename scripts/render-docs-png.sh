#!/usr/bin/env bash
# Regenerates docs/img/demo-year-page.png, demo-year-page-2.png and demo-year-page-3.png: the demo pupil's
# grade-5 year, signed with the published test PKI (tests/vectors/pki/: GVCN, Hiệu trưởng, con
# dấu), rendered by `hocba render --trust` and rasterised by pdftoppm (poppler-utils) at 100 dpi.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
hocba() { cargo run --quiet -p hocba-cli -- "$@"; }
pki=tests/vectors/pki
# The test PKI's certificates belong to this school (the seal must name the record's school).
python3 - "$tmp/r.json" <<'PY'
import json, sys
r = json.load(open("docs/examples/year-record.json"))
r["school"]["name"] = "Trường Tiểu học Thử Nghiệm Số 1"
r["principal"]["capacity"] = "hieu_truong"
# The signers are the test certificates' holders (their names and 12-digit IDs are checked
# against the record: signer_name_mismatch, signer_id_mismatch).
r["homeroom_teacher"].update(full_name="Nguyễn Thị Lan", personal_id="001190000001")
r["principal"].update(full_name="Trần Văn Minh", personal_id="001080000002")
json.dump(r, open(sys.argv[1], "w"), ensure_ascii=False)
PY
in="$tmp/r.json"; i=0
for pair in gvcn-ed25519 principal-ed25519 seal-ed25519; do
  hocba sign "$in" --cert "$pki/chains/$pair.pem" --key "$pki/keys/$pair.pk8" \
    --time "2026-05-2${i}T02:00:00Z" -o "$tmp/s$i.cose" >/dev/null
  in="$tmp/s$i.cose"; i=$((i + 1))
done
hocba render "$in" --trust "$pki/roots.pem" --at 2026-06-15T00:00:00Z -o "$tmp/year.pdf" >/dev/null
pdftoppm -r 100 -png -f 1 -l 3 "$tmp/year.pdf" "$tmp/page"
mkdir -p docs/img
cp "$tmp/page-1.png" docs/img/demo-year-page.png
cp "$tmp/page-2.png" docs/img/demo-year-page-2.png
cp "$tmp/page-3.png" docs/img/demo-year-page-3.png
echo "wrote docs/img/demo-year-page.png, docs/img/demo-year-page-2.png, docs/img/demo-year-page-3.png"
