#!/usr/bin/env bash
# The one test command (README; .ci/run calls it). Each part's script is idempotent and installs
# what it needs on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/test-kotlin.sh
scripts/test-swift.sh
