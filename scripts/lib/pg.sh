# Throwaway PostgreSQL cluster for tests: `source scripts/lib/pg.sh; pg_start; …; pg_stop`.
# initdb in a temp dir owned by a non-root user, a free loopback port, removed afterwards.
# Exports LABWATCH_TEST_PG (an admin URL; tests create and drop their own databases).

pg_bin() {
  local v
  for v in 15 16 17 14 13; do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
      echo "/usr/lib/postgresql/$v/bin"
      return 0
    fi
  done
  return 1
}

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( (RANDOM % 20000) + 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# Runs a command as the cluster's owner (root may not run PostgreSQL).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_OWNER" -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local bin
  bin=$(pg_bin) || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  PG_OWNER=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    PG_OWNER=postgres
    id -u "$PG_OWNER" >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_OWNER"
  fi
  PG_DIR=$(mktemp -d /tmp/labwatch-pg.XXXXXX)
  chown "$PG_OWNER" "$PG_DIR"
  PG_PORT=$(free_port) || { echo "no free port for PostgreSQL" >&2; return 1; }
  pg_as_owner "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c synchronous_commit=on -c fsync=on -c max_connections=200" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_BIN=$bin
  export PG_DIR PG_PORT PG_BIN PG_OWNER
  export LABWATCH_TEST_PG="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR LABWATCH_TEST_PG
}
