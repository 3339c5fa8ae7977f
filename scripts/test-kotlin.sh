#!/usr/bin/env bash
# Build hocba-ffi, check the generated Kotlin against a fresh generation with the in-tree
# uniffi-bindgen, and run the Maven project's JUnit 5 tests (bindings/kotlin) through Surefire,
# with JNA loading target/debug/libhocba_ffi.so.
#
# Idempotent; on a fresh Debian 12 machine it installs the JDK and Maven from apt; Maven
# downloads the Kotlin compiler, JNA and JUnit from Maven Central into /var/tmp/hocba-m2.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
M2="${HOCBA_M2_REPO:-/var/tmp/hocba-m2}"
"$ROOT/scripts/install-java.sh"

"$ROOT/scripts/ffi-bindgen.sh" --check
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

cd "$ROOT/bindings/kotlin"
mvn -B --no-transfer-progress -Dmaven.repo.local="$M2" \
  -Dstyle.color=never -Dhocba.lib.dir="$TARGET/debug" \
  test
