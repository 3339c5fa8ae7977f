#!/usr/bin/env bash
# Builds hocba-ffi and regenerates the committed Kotlin and Swift sources with the in-tree
# uniffi-bindgen (pinned to the library's uniffi version):
#   bindings/kotlin/src/main/kotlin/vn/hocba/hocba_ffi.kt
#   bindings/swift/Sources/Hocba/Hocba.swift
#   bindings/swift/Sources/HocbaFFI/{HocbaFFI.h,module.modulemap}
# `--check` regenerates into a temporary directory and fails if the committed files differ
# (the drift check the test scripts run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
CHECK=0
if [ "${1:-}" = "--check" ]; then CHECK=1; fi

cd "$ROOT"
cargo build -q -p hocba-ffi -p uniffi-bindgen
LIB="$TARGET/debug/libhocba_ffi.so"
BINDGEN="$TARGET/debug/uniffi-bindgen"

GEN="$(mktemp -d)"
trap 'rm -rf "$GEN"' EXIT
"$BINDGEN" generate --library "$LIB" --language kotlin --no-format --out-dir "$GEN/kotlin" >/dev/null
"$BINDGEN" generate --library "$LIB" --language swift --no-format --out-dir "$GEN/swift" >/dev/null

# Lay the generated files out as the two packages expect them.
OUT="$GEN/out"
mkdir -p "$OUT/kotlin/src/main/kotlin/vn/hocba" "$OUT/swift/Sources/Hocba" "$OUT/swift/Sources/HocbaFFI"
cp "$GEN/kotlin/vn/hocba/hocba_ffi.kt" "$OUT/kotlin/src/main/kotlin/vn/hocba/hocba_ffi.kt"
cp "$GEN/swift/Hocba.swift" "$OUT/swift/Sources/Hocba/Hocba.swift"
cp "$GEN/swift/HocbaFFI.h" "$OUT/swift/Sources/HocbaFFI/HocbaFFI.h"
# SwiftPM wants the system library's map named module.modulemap, and it must link the cdylib.
sed 's/^}$/    link "hocba_ffi"\n}/' "$GEN/swift/HocbaFFI.modulemap" >"$OUT/swift/Sources/HocbaFFI/module.modulemap"

FILES=(
  kotlin/src/main/kotlin/vn/hocba/hocba_ffi.kt
  swift/Sources/Hocba/Hocba.swift
  swift/Sources/HocbaFFI/HocbaFFI.h
  swift/Sources/HocbaFFI/module.modulemap
)
status=0
for f in "${FILES[@]}"; do
  if [ "$CHECK" -eq 1 ]; then
    if ! cmp -s "$OUT/$f" "bindings/$f"; then
      echo "ffi-bindgen: bindings/$f is out of date with hocba-ffi; run scripts/ffi-bindgen.sh and commit" >&2
      diff -u "bindings/$f" "$OUT/$f" | head -40 >&2 || true
      status=1
    fi
  else
    mkdir -p "$(dirname "bindings/$f")"
    cp "$OUT/$f" "bindings/$f"
  fi
done
if [ "$CHECK" -eq 1 ] && [ "$status" -eq 0 ]; then
  echo "ffi-bindgen: generated Kotlin and Swift sources are up to date"
fi
exit "$status"
