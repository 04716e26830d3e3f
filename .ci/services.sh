#!/usr/bin/env bash
# Starts and stops the Redis and PostgreSQL servers that the store tests (test/store/) talk to,
# on loopback only, with their data under one throw-away directory.
#
#   bash .ci/services.sh start|stop          both servers
#   bash .ci/services.sh start-redis|stop-redis|kill-redis
#   bash .ci/services.sh start-pg|stop-pg|kill-pg
#   bash .ci/services.sh status|env
#
# Where they listen comes from the same variables the tests read, so one setting moves both:
#   TOKENMETER_REDIS_URL  default redis://127.0.0.1:6379
#   TOKENMETER_PG_URL     default postgres://postgres@127.0.0.1:5433/tokenmeter_test
#   TOKENMETER_SERVICES_DIR  default /tmp/tokenmeter-services (data, logs, pid files)
# If another program already holds a port, `start` stops with a message naming the variable to
# change: the fault tests kill and restart "their" server, so it must be one this script started.
#
# kill-redis / kill-pg simulate a crash (SIGKILL / PostgreSQL's immediate shutdown); stop-* shut down
# cleanly. Redis runs with an fsync'd append-only file so a killed and restarted server still has
# every acknowledged write, as a production Redis holding budgets would be configured.
# The packages are installed from Debian when missing (no systemd: the servers are started by hand;
# apt's postinst does not start them in a container).
set -euo pipefail

REDIS_URL=${TOKENMETER_REDIS_URL:-redis://127.0.0.1:6379}
PG_URL=${TOKENMETER_PG_URL:-postgres://postgres@127.0.0.1:5433/tokenmeter_test}
RUN=${TOKENMETER_SERVICES_DIR:-/tmp/tokenmeter-services}
PGBIN=/usr/lib/postgresql/15/bin

# The port of a URL such as redis://host:6380/0 or postgres://user@host:5433/db.
url_port() { sed -E 's#^[a-z]+://([^@/]*@)?[^:/]*:([0-9]+).*$#\2#;t;s#.*#0#' <<<"$1"; }
REDIS_PORT=$(url_port "$REDIS_URL"); [ "$REDIS_PORT" = 0 ] && REDIS_PORT=6379
PG_PORT=$(url_port "$PG_URL"); [ "$PG_PORT" = 0 ] && PG_PORT=5432
PG_DB=$(sed -E 's#^.*/([^/?]+)(\?.*)?$#\1#' <<<"$PG_URL")
PG_USER=$(sed -E 's#^[a-z]+://([^:@/]+)(:[^@/]*)?@.*$#\1#;t;s#.*#postgres#' <<<"$PG_URL")

log() { echo "services: $*" >&2; }

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp: no extra tool).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

redis_pid() { [ -f "$RUN/redis/redis.pid" ] && cat "$RUN/redis/redis.pid" 2>/dev/null || true; }
redis_ours() { local p; p=$(redis_pid); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

start_redis() {
  command -v redis-server >/dev/null || { log "installing redis-server"; apt_install redis-server; }
  mkdir -p "$RUN/redis"
  if redis_ours; then return 0; fi
  if port_open "$REDIS_PORT"; then
    log "port $REDIS_PORT is taken by a program this script did not start;"
    log "set TOKENMETER_REDIS_URL=redis://127.0.0.1:<free port> and run .ci/services.sh start again"
    return 1
  fi
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' \
    --appendonly yes --appendfsync always --dir "$RUN/redis" \
    --pidfile "$RUN/redis/redis.pid" --logfile "$RUN/redis/redis.log"
  for _ in $(seq 100); do
    redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && { log "redis on 127.0.0.1:$REDIS_PORT"; return 0; }
    sleep 0.1
  done
  log "redis did not answer on port $REDIS_PORT; see $RUN/redis/redis.log"
  return 1
}

stop_redis() {
  redis_ours || return 0
  local p; p=$(redis_pid)
  redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || kill "$p" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.05; done
  kill -9 "$p" 2>/dev/null || true
}

kill_redis() {
  redis_ours || { log "no redis started by this script is running"; return 1; }
  local p; p=$(redis_pid)
  kill -9 "$p"
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
  rm -f "$RUN/redis/redis.pid"
}

pg_as() { su postgres -s /bin/bash -c "$1"; }
pg_running() { [ -f "$RUN/pg/data/PG_VERSION" ] && pg_as "$PGBIN/pg_ctl -D $RUN/pg/data status" >/dev/null 2>&1; }

start_pg() {
  [ -x "$PGBIN/initdb" ] || { log "installing postgresql"; apt_install postgresql; }
  mkdir -p "$RUN/pg"
  # initdb refuses to run as root, and the server's user must be able to reach its data directory.
  chmod 755 "$RUN"
  chown postgres:postgres "$RUN/pg"
  if ! pg_running; then
    if port_open "$PG_PORT"; then
      log "port $PG_PORT is taken by a program this script did not start;"
      log "set TOKENMETER_PG_URL=postgres://postgres@127.0.0.1:<free port>/tokenmeter_test and run .ci/services.sh start again"
      return 1
    fi
    [ -f "$RUN/pg/data/PG_VERSION" ] || \
      pg_as "$PGBIN/initdb -D $RUN/pg/data -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >$RUN/pg/initdb.log"
    # fsync=off: test data only; a killed server (not a killed machine) still recovers every commit.
    pg_as "$PGBIN/pg_ctl -D $RUN/pg/data -l $RUN/pg/log -w -t 30 -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k $RUN/pg -c fsync=off' start" >/dev/null
    log "postgresql on 127.0.0.1:$PG_PORT"
  fi
  [ "$PG_USER" = postgres ] || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
    "select 1 from pg_roles where rolname='$PG_USER'" | grep -q 1 || \
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create role \"$PG_USER\" login superuser"
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='$PG_DB'" | grep -q 1 || \
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database \"$PG_DB\""
}

stop_pg() { pg_running || return 0; pg_as "$PGBIN/pg_ctl -D $RUN/pg/data -m fast -w stop" >/dev/null; }

# Immediate shutdown: the server exits without a checkpoint, as on a crash, and replays its WAL
# on the next start.
kill_pg() {
  pg_running || { log "no postgresql started by this script is running"; return 1; }
  pg_as "$PGBIN/pg_ctl -D $RUN/pg/data -m immediate -w stop" >/dev/null
}

status() {
  if redis_ours; then echo "redis: running on 127.0.0.1:$REDIS_PORT"; else echo "redis: stopped"; fi
  if pg_running; then echo "postgresql: running on 127.0.0.1:$PG_PORT"; else echo "postgresql: stopped"; fi
}

case "${1:-}" in
  start) start_redis; start_pg ;;
  stop) stop_redis; stop_pg ;;
  start-redis) start_redis ;;
  stop-redis) stop_redis ;;
  kill-redis) kill_redis ;;
  start-pg) start_pg ;;
  stop-pg) stop_pg ;;
  kill-pg) kill_pg ;;
  status) status ;;
  env) echo "TOKENMETER_REDIS_URL=$REDIS_URL"; echo "TOKENMETER_PG_URL=$PG_URL" ;;
  *) echo "usage: $0 start|stop|start-redis|stop-redis|kill-redis|start-pg|stop-pg|kill-pg|status|env" >&2; exit 2 ;;
esac
