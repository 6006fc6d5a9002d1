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

# A port nothing listens on, below Linux's ephemeral range (32768+), where outgoing
# connections would otherwise hold ports that a listener cannot bind.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( (RANDOM % 12000) + 20000 ))
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
  local bin attempt
  bin=$(pg_bin) || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  PG_BIN=$bin
  PG_OWNER=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    PG_OWNER=postgres
    id -u "$PG_OWNER" >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_OWNER"
  fi
  PG_DIR=$(mktemp -d /tmp/labwatch-pg.XXXXXX)
  chown "$PG_OWNER" "$PG_DIR"
  export PG_DIR PG_BIN PG_OWNER
  pg_as_owner "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # A port can be taken between choosing and binding it: try a few.
  for attempt in 1 2 3 4 5; do
    PG_PORT=$(free_port) || { echo "no free port for PostgreSQL" >&2; return 1; }
    if pg_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c synchronous_commit=on -c fsync=on -c max_connections=200" \
      start >/dev/null; then
      export PG_PORT
      export LABWATCH_TEST_PG="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
      return 0
    fi
  done
  cat "$PG_DIR/server.log" >&2
  return 1
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR LABWATCH_TEST_PG
}
