#!/usr/bin/env bash
# System packages the tests use. Idempotent: installs only what is missing.
set -euo pipefail
need=()
for pair in pdftotext:poppler-utils zbarimg:zbar-tools openssl:openssl python3:python3 pkg-config:pkg-config; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=("python3-venv")
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
for cmd in cargo rustfmt; do command -v "$cmd" >/dev/null || { echo "missing $cmd (install Rust with rustup)"; exit 1; }; done
rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy rustfmt
