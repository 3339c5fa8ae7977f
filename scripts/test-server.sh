#!/usr/bin/env bash
# hocba-server: unit and HTTP tests on SQLite, and the same HTTP tests on PostgreSQL on a
# temporary cluster (Debian `postgresql`, started with pg_ctl on a free loopback port and a
# socket directory of its own, stopped and removed on exit). Then the demo binary is started
# and answers /healthz. Nothing outside the temporary directory is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ]; then
  echo "installing postgresql (Debian package)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
PG="$(pg_bin)"

tmp=$(mktemp -d /tmp/hocba-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$tmp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
stop() {
  as_pg "$PG/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT
as_pg "$PG/initdb" -D "$tmp/data" -U hocba -A trust --no-sync >/dev/null
as_pg "$PG/pg_ctl" -D "$tmp/data" -l "$tmp/pg.log" -w \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export HOCBA_TEST_POSTGRES="postgres://hocba@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$PG/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

# The crash test (kill -9 mid-submission) with 2,000 signed records: one transaction holds at most
# ~6,500 of them under the 10 MB bound (about 1.5 kB each packed), and signing them dominates a
# debug build's time (about 36 ms per record).
HOCBA_CRASH_RECORDS="${HOCBA_CRASH_RECORDS:-2000}" cargo test -p hocba-server --features demo

# The demo binary starts and serves.
cargo build --quiet -p hocba-server --features demo
target_dir="${CARGO_TARGET_DIR:-target}"
demo_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$target_dir/debug/hocba-server" --demo --listen "127.0.0.1:$demo_port" >"$tmp/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$demo_port/healthz" >"$tmp/health.json" 2>/dev/null; then break; fi
  sleep 0.5
done
kill "$demo_pid" 2>/dev/null || true
wait "$demo_pid" 2>/dev/null || true
grep -q '"status":"ok"' "$tmp/health.json"
echo "demo server answered /healthz: $(cat "$tmp/health.json")"
