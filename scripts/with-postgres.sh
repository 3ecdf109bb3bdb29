#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on a private port and socket,
# exporting TEST_POSTGRES_URL for the store tests; stops and removes it afterwards, also when
# the command or the start fails, or on Ctrl-C. Exits with the command's status.
# Without PostgreSQL installed the command runs without the URL (those tests then skip,
# except under CI=true, where they fail).
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "with-postgres: PostgreSQL not installed; running without it" >&2
  exec "$@"
fi

# A free port, so two runs on one machine never meet each other's server.
port=${PGTEST_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
dir=$(mktemp -d /tmp/pgtest.XXXXXX)
as_pg=()
started=0
cleanup() {
  local status=$?
  if [ "$started" -eq 1 ]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then  # initdb refuses to run as root
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
started=1
if ! "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
  start >/dev/null; then
  echo "with-postgres: the server did not start:" >&2
  tail -n 20 "$dir/log" >&2 || true
  exit 1
fi

export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
"$@"
