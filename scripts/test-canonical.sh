#!/usr/bin/env bash
# The canonical profile's own checks beyond `cargo test`: the vectors are what the generator
# writes (no drift), and an independent implementation (Python cbor2, canonical mode)
# re-encodes every canonical vector to the same bytes. Idempotent; the venv is cached under
# /var/tmp/hocba-canonical-venv (python3-venv comes from scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/check-vectors.sh
venv=/var/tmp/hocba-canonical-venv
if ! "$venv/bin/python" -c 'import cbor2' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'cbor2>=5.6'
fi
"$venv/bin/python" scripts/canonical_interop.py
