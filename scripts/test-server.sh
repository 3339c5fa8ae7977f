#!/usr/bin/env bash
# hocba-server: unit and HTTP tests on SQLite, and the same HTTP tests on PostgreSQL on a
# temporary cluster (scripts/lib/pg.sh), then the demo binary starts and answers /healthz.
#
# scripts/test.sh runs the server's tests inside `cargo test --workspace` (one build for all) and
# calls this script with HOCBA_BIN_DIR set: then only the demo start is checked, with the binaries
# that build made. Alone, this script builds and tests the server itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# shellcheck source=lib/pg.sh
. scripts/lib/pg.sh
tmp=$(mktemp -d)
trap 'pg_stop; rm -rf "$tmp"' EXIT

if [ -z "${HOCBA_BIN_DIR:-}" ]; then
  pg_start
  # The crash test (kill -9 mid-submission) with 2,000 signed records: one transaction holds at
  # most ~6,500 of them under the 10 MB bound (about 1.5 kB each packed), and signing them
  # dominates a debug build's time (about 36 ms per record).
  HOCBA_CRASH_RECORDS="${HOCBA_CRASH_RECORDS:-2000}" cargo test -p hocba-server --features demo
  pg_stop
  cargo build --quiet -p hocba-server --features demo
  HOCBA_BIN_DIR="${CARGO_TARGET_DIR:-target}/debug"
fi

# The demo binary starts and serves.
demo_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$HOCBA_BIN_DIR/hocba-server" --demo --listen "127.0.0.1:$demo_port" >"$tmp/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$demo_port/healthz" >"$tmp/health.json" 2>/dev/null; then break; fi
  sleep 0.5
done
kill "$demo_pid" 2>/dev/null || true
wait "$demo_pid" 2>/dev/null || true
grep -q '"status":"ok"' "$tmp/health.json"
echo "demo server answered /healthz: $(cat "$tmp/health.json")"
