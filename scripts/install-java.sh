#!/usr/bin/env bash
# Installs the JDK and Maven from apt when either is missing (the Kotlin bindings' tests and the
# veraPDF check use them). Idempotent; needs root or sudo.
set -euo pipefail
if command -v javac >/dev/null && command -v mvn >/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing the JDK and Maven (first run only)"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless maven >/dev/null
