#!/usr/bin/env bash
# The lookup page in a real browser: headless Chromium (Debian `chromium`) fills nothing by
# script of the page — the page has none — but a local start page posts the four fields to
# /tra-cuu, as a person's browser would, and we check what a person sees: the record, the three
# signers, "Chữ ký hợp lệ", "Học bạ đang có hiệu lực", the pupil's stored years verified as one
# (ADR 0200); then a screenshot (docs/img) for review.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# HOCBA_BIN_DIR: binaries with the demo feature already built (scripts/test.sh sets it to the
# workspace test build); alone, the script builds them.
if [ -z "${HOCBA_BIN_DIR:-}" ]; then
  cargo build --quiet -p hocba-cli --features demo
  cargo build --quiet -p hocba-server --features demo
  HOCBA_BIN_DIR="${CARGO_TARGET_DIR:-target}/debug"
fi
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$HOCBA_BIN_DIR/hocba" demo --out "$tmp/demo" >/dev/null
"$HOCBA_BIN_DIR/hocba-server" --demo --listen "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
export HOCBA_PORTAL="http://127.0.0.1:$port" HOCBA_PORTAL_USER=truong-demo \
  HOCBA_PORTAL_TOKEN=demo-token-khong-dung-that HOCBA_PORTAL_PASSWORD=demo-mat-khau HOCBA_PORTAL_UNIT=49TH0031
xml=$(ls "$tmp"/demo/national-*-grade5.signed.xml)
"$HOCBA_BIN_DIR/hocba" submit "$xml" --key "$tmp/demo/portal/seal.pk8" \
  --cert "$tmp/demo/portal/seal-chain.pem" --message-id browser-1 >/dev/null
field() { python3 -c "import re,sys; print(re.search(r'<$1>([^<]*)</$1>', open(sys.argv[1], encoding='utf-8').read()).group(1))" "$xml"; }
uuid=$(field MA_TRA_CUU_UUID); name=$(field HO_VA_TEN); dob=$(field NGAY_SINH); cccd=$(field SO_CCCD)
# The start page stands for a person typing into the form and pressing "Tra cứu".
python3 - "$tmp/start.html" "http://127.0.0.1:$port/tra-cuu" "$uuid" "$name" "$dob" "$cccd" <<'PY'
import html, sys
out, action, *vals = sys.argv[1:]
names = ["ma_tra_cuu_uuid", "ho_va_ten", "ngay_sinh", "so_cccd"]
inputs = "".join(f'<input name="{n}" value="{html.escape(v)}">' for n, v in zip(names, vals))
open(out, "w", encoding="utf-8").write(
    f'<!DOCTYPE html><meta charset="utf-8"><form method="post" action="{action}">{inputs}</form>'
    '<script>document.forms[0].submit()</script>')
PY
chrome=(chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=10000)
"${chrome[@]}" --dump-dom "file://$tmp/start.html" >"$tmp/page.html" 2>/dev/null
for want in "Học bạ số" "$name" "$uuid" "Chữ ký hợp lệ" "Học bạ đang có hiệu lực" "KY_PHAT_HANH" "CBQL" "GVCN" \
  "Học bạ qua các năm học" "Các năm học xét chung: hợp lệ"; do
  grep -qF "$want" "$tmp/page.html" || { echo "the page lacks: $want" >&2; exit 1; }
done
if grep -q "<script" "$tmp/page.html"; then echo "the lookup page carries a script" >&2; exit 1; fi
"${chrome[@]}" --window-size=1000,1400 --screenshot="$tmp/lookup.png" "file://$tmp/start.html" >/dev/null 2>&1 || true
# HOCBA_UPDATE_DOCS_IMG=1 refreshes the README's picture (signatures differ each run).
if [ -s "$tmp/lookup.png" ] && [ "${HOCBA_UPDATE_DOCS_IMG:-0}" = 1 ]; then
  mkdir -p docs/img && cp "$tmp/lookup.png" docs/img/lookup-page.png
fi
echo "browser: the lookup page shows the verified record and its years verified as one (10 checks passed)"
