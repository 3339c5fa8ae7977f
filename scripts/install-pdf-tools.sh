#!/usr/bin/env bash
# Installs the Debian tools the PDF tests use to check rendered PDFs independently:
#   poppler-utils (pdftotext, pdfdetach, pdftoppm), zbar-tools (zbarimg), qpdf.
# Idempotent: does nothing when every tool is already there. Needs root (or sudo) and apt.
set -euo pipefail
need=()
command -v pdftotext >/dev/null && command -v pdfdetach >/dev/null && command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v qpdf >/dev/null || need+=(qpdf)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-pdf-tools: apt-get not found; install ${need[*]} yourself (the PDF tool tests will skip)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install-pdf-tools: not root and no sudo; the PDF tool tests will skip" >&2
    exit 0
  fi
fi
echo "install-pdf-tools: installing ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
