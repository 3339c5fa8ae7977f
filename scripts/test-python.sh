#!/usr/bin/env bash
# Builds the `hocba` Python package into a cached virtualenv and runs its tests:
# pytest (the shared vector manifest, records, errors, hostile inputs, analysis) and
# mypy's stubtest over the package. Idempotent; needs python3 (with venv) and cargo.
#
#   HOCBA_VENV   virtualenv to use/create (default /var/tmp/hocba-venv-py)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${HOCBA_VENV:-/var/tmp/hocba-venv-py}"
stamp="$venv/.hocba-deps-2"

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    echo "test-python: installing python3-venv" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq python3-venv >/dev/null; fi
fi

if [ ! -f "$stamp" ]; then
    echo "test-python: creating virtualenv $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    # Build and test tools, plus the optional and comparison packages the tests and the
    # benchmark (hocba-py/bench) use.
    "$venv/bin/pip" install -q "maturin>=1.16,<2" pytest mypy pandas pandas-stubs cbor2 PyNaCl cryptography
    touch "$stamp"
fi

cd "$root/hocba-py"
# The abi3 wheel a user installs (hocba is not on PyPI): built in release mode (signature checks
# in a debug build are ~100x slower) into hocba-py/dist/, installed into the venv, and tested
# there — the tests run against exactly what `pip install hocba-py/dist/hocba-*.whl` gives.
rm -f "$root"/hocba-py/dist/hocba-*.whl
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" "$venv/bin/maturin" build -q --release \
    --compatibility linux --out "$root/hocba-py/dist"
wheel=$(ls "$root"/hocba-py/dist/hocba-*-cp39-abi3-*.whl)
"$venv/bin/pip" install -q --force-reinstall --no-deps "$wheel"
echo "python: installable wheel $wheel" >&2
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests
"$venv/bin/python" -m mypy.stubtest hocba --allowlist stubtest-allowlist.txt
echo "python: all checks passed"
