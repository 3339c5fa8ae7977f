#!/usr/bin/env bash
# Build hocba-ffi, generate the Swift bindings with the in-tree uniffi-bindgen and run the
# SwiftPM package's XCTest suite (bindings/swift) with Swift 6.0.3 from Debian 13 (trixie),
# inside a debootstrap chroot cached under /var/tmp (bookworm ships no Swift).
#
# Idempotent; on a fresh Debian 12 machine it installs debootstrap, creates the chroot
# (~3 min, ~3 GB) and reuses it afterwards.  `--setup` only prepares the chroot.
# Environment: HOCBA_SWIFT_CHROOT (default /var/tmp/hocba-swift-trixie), HOCBA_VECTORS_SRC
# (default tests/vectors).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHROOT="${HOCBA_SWIFT_CHROOT:-/var/tmp/hocba-swift-trixie}"
MIRROR="${HOCBA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

MOUNTED=()
cleanup() {
  local m
  for m in "${MOUNTED[@]}"; do
    $SUDO umount -l "$m" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

mount_proc() {
  local dir="$1"
  if ! mountpoint -q "$dir/proc"; then
    $SUDO mount -t proc proc "$dir/proc"
    MOUNTED+=("$dir/proc")
  fi
}

ensure_chroot() {
  if [ -f "$CHROOT/.hocba-ready" ]; then
    return
  fi
  echo "swift: creating the Debian trixie chroot in $CHROOT (first run only)"
  if ! command -v debootstrap >/dev/null; then
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  local partial="$CHROOT.partial"
  if mountpoint -q "$partial/proc" 2>/dev/null; then $SUDO umount -l "$partial/proc"; fi
  $SUDO rm -rf "$partial"
  $SUDO debootstrap --variant=minbase trixie "$partial" "$MIRROR" >/dev/null
  $SUDO cp /etc/resolv.conf "$partial/etc/resolv.conf"
  mount_proc "$partial"
  $SUDO chroot "$partial" apt-get update -qq
  $SUDO chroot "$partial" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends swiftlang libc6-dev >/dev/null
  $SUDO chroot "$partial" apt-get clean
  $SUDO umount -l "$partial/proc"
  MOUNTED=()
  $SUDO touch "$partial/.hocba-ready"
  $SUDO rm -rf "$CHROOT"
  $SUDO mv "$partial" "$CHROOT"
}

ensure_chroot
if [ "${1:-}" = "--setup" ]; then
  echo "swift: chroot ready at $CHROOT"
  exit 0
fi

# Build the library and check the committed generated sources against a fresh generation.
"$ROOT/scripts/ffi-bindgen.sh" --check
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

# Copy the package, the library and the shared vectors into the chroot. `.build` stays in the
# chroot between runs, so a warm run only recompiles what changed. The chroot's /work is one
# place: a second run started meanwhile (another worktree, a helper) waits here for the first to
# finish instead of overwriting its package, library and vectors.
exec 9>"$CHROOT.lock"
if ! flock -n 9; then
  echo "swift: another run is using $CHROOT; waiting for it"
  flock 9
fi
WORK="$CHROOT/work"
$SUDO mkdir -p "$WORK/hocba-swift" "$WORK/lib"
$SUDO rm -rf "$WORK/hocba-swift/Package.swift" "$WORK/hocba-swift/Sources" "$WORK/hocba-swift/Tests" \
  "$WORK/vectors" "$WORK/testdata"
$SUDO cp -a "$ROOT/bindings/swift/Package.swift" "$ROOT/bindings/swift/Sources" "$ROOT/bindings/swift/Tests" "$WORK/hocba-swift/"
$SUDO cp "$TARGET/debug/libhocba_ffi.so" "$WORK/lib/"
$SUDO cp -a "$ROOT/bindings/testdata" "$WORK/testdata"
VECTORS="${HOCBA_VECTORS_SRC:-$ROOT/tests/vectors}"
if [ -d "$VECTORS" ]; then
  $SUDO cp -a "$VECTORS" "$WORK/vectors"
fi

mount_proc "$CHROOT"
$SUDO chroot "$CHROOT" /usr/bin/env -i \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LANG=C.UTF-8 \
  LD_LIBRARY_PATH=/work/lib \
  HOCBA_VECTORS_DIR=/work/vectors HOCBA_TESTDATA_DIR=/work/testdata \
  /bin/sh -c 'cd /work/hocba-swift && swift test --disable-swift-testing -Xlinker -L/work/lib 2>&1' \
  | grep -v -E '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking|Planning|Wrapping|Build)'
