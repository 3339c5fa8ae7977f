#!/usr/bin/env bash
# hocba against Python xmlsec and signxml verifying the same three-signer RSA-2048 national XML,
# and the projection of a national school year from hocba's bulk verifier (issue 13 §Speed;
# docs/performance.md). Builds hocba (release) and uses the venv scripts/test-xmldsig.sh sets up.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
venv="${HOCBA_XMLDSIG_VENV:-/var/tmp/hocba-venv-xmldsig}"
if [ ! -f "$venv/.hocba-xmldsig-2" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "signxml>=5.2,<6" "xmlsec>=1.3.14,<2" "lxml>=5"
    touch "$venv/.hocba-xmldsig-2"
fi
cargo build --quiet --release -p hocba-cli
target="${CARGO_TARGET_DIR:-$root/target}"
"$venv/bin/python" scripts/xmldsig_speed.py "$target/release/hocba" "$@"
