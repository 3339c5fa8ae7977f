# shellcheck shell=bash
# A temporary PostgreSQL cluster for the server tests (Debian `postgresql`): `pg_start` starts it
# with pg_ctl on a free loopback port and a socket directory of its own and exports
# HOCBA_TEST_POSTGRES; `pg_stop` stops and removes it. Nothing outside its directory is touched.
# Sourced by scripts/test.sh (the workspace tests run the server's tests on both databases) and
# scripts/test-server.sh (the server's tests alone).

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

pg_start() {
  if [ -z "$(pg_bin)" ]; then
    echo "installing postgresql (Debian package)"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
  fi
  PG_BIN_DIR="$(pg_bin)"
  PG_TMP=$(mktemp -d /tmp/hocba-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$PG_TMP"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  _as_pg "$PG_BIN_DIR/initdb" -D "$PG_TMP/data" -U hocba -A trust --no-sync >/dev/null
  _as_pg "$PG_BIN_DIR/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/pg.log" -w \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  export HOCBA_TEST_POSTGRES="postgres://hocba@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$PG_BIN_DIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

pg_stop() {
  if [ -n "${PG_TMP:-}" ]; then
    _as_pg "$PG_BIN_DIR/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
    PG_TMP=""
  fi
}

_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
