#!/usr/bin/env bash
# The multi-replica set-up on this machine (`make cluster`; see docs/deploy.md):
# one PostgreSQL, CLUSTER_REPLICAS Streamlit processes of the app, and nginx in front of them
# (sticky sessions, WebSockets, security headers) on http://CLUSTER_HOST:CLUSTER_PORT.
# Runs in the foreground until Ctrl-C (or SIGTERM), then stops everything it started.
# With a command (`scripts/cluster.sh COMMAND ARGS...`) it runs that command once the cluster
# is ready, with CLUSTER_URL and CLUSTER_DATABASE_URL exported, stops, and exits with its status.
#
# Settings (environment):
#   CLUSTER_PORT      proxy port (8080)            CLUSTER_HOST  proxy address (127.0.0.1)
#   CLUSTER_REPLICAS  app processes (2)            PYTHON        the venv's python (.venv/bin/python)
#   CLUSTER_DIR       folder for config, logs and cluster.env (a temporary one, removed at exit)
#   READINESS_DATABASE_URL  an existing PostgreSQL; by default a throwaway one
#                     (scripts/with-postgres.sh), gone with its data when the cluster stops
#   READINESS_TRUSTED_PROXIES  whose X-Forwarded-For is believed (127.0.0.1: this nginx)
# When it is ready it prints "cluster ready: URL" and writes CLUSTER_DIR/cluster.env.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# A database first: the given one, or a throwaway server around this very script.
if [ -z "${READINESS_DATABASE_URL:-}" ] && [ -z "${TEST_POSTGRES_URL:-}" ]; then
  if [ -n "${CLUSTER_PG_TRIED:-}" ]; then
    echo "cluster: PostgreSQL is not installed (bash scripts/install-system-deps.sh)" >&2
    exit 2
  fi
  export CLUSTER_PG_TRIED=1
  exec bash "$root/scripts/with-postgres.sh" bash "${BASH_SOURCE[0]}" "$@"
fi
db_url=${READINESS_DATABASE_URL:-$TEST_POSTGRES_URL}
case "$db_url" in
  postgresql*) ;;
  *) echo "cluster: replicas share one PostgreSQL; READINESS_DATABASE_URL is not one" >&2; exit 2 ;;
esac

python=${PYTHON:-$root/.venv/bin/python}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "cluster: nginx is not installed (bash scripts/install-system-deps.sh)" >&2; exit 2; }
[ -x "$python" ] || { echo "cluster: no $python (make install, or set PYTHON)" >&2; exit 2; }
host=${CLUSTER_HOST:-127.0.0.1}
port=${CLUSTER_PORT:-8080}
replicas=${CLUSTER_REPLICAS:-2}
trusted=${READINESS_TRUSTED_PROXIES-127.0.0.1}
(cd "$root" && "$python" -c "import sys; from assessment.app.client_address import parse_trusted_proxies as p; p(sys.argv[1])" "$trusted")

if [ -n "${CLUSTER_DIR:-}" ]; then
  dir=$CLUSTER_DIR; keep_dir=1
  mkdir -p "$dir"
else
  dir=$(mktemp -d /tmp/cluster.XXXXXX); keep_dir=0
fi
dir=$(cd "$dir" && pwd)
mkdir -p "$dir/tmp"
rm -f "$dir/cluster.env"  # written again once this cluster is ready
chmod 755 "$dir" "$dir/tmp"  # nginx's workers (user nobody when started as root) read it

pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ "$keep_dir" -eq 1 ] || rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_http() {  # URL, seconds, what
  "$python" - "$1" "$2" "$3" <<'PY'
import sys, time, urllib.request
url, limit, what = sys.argv[1], float(sys.argv[2]), sys.argv[3]
deadline = time.monotonic() + limit
while True:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310
            if r.status == 200:
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit(f"cluster: {what} did not answer on {url} within {limit:.0f} s")
    time.sleep(0.3)
PY
}

# One cookie secret for all replicas: an XSRF cookie signed by one replica is valid on the others.
secret=$("$python" -c 'import secrets; print(secrets.token_urlsafe(32))')
servers=""
replica_ports=()
for i in $(seq 1 "$replicas"); do
  rport=$(free_port)
  replica_ports+=("$rport")
  # FORWARDED_ALLOW_IPS: Streamlit's server (uvicorn) applies X-Forwarded-For from these
  # peers itself; the same list as the app's own setting, so both believe the same proxies.
  (cd "$root" && exec env \
    READINESS_DATABASE_URL="$db_url" \
    READINESS_TRUSTED_PROXIES="$trusted" \
    FORWARDED_ALLOW_IPS="$trusted" \
    STREAMLIT_SERVER_COOKIE_SECRET="$secret" \
    PGAPPNAME="readiness-replica-$i" \
    "$python" -m streamlit run streamlit_app.py \
      --server.address 127.0.0.1 --server.port "$rport" --server.headless true \
      --browser.gatherUsageStats false \
    >"$dir/replica-$i.log" 2>&1) &
  pids+=("$!")
  servers+="        server 127.0.0.1:$rport max_fails=1 fail_timeout=5s;"$'\n'
done

# CSP hashes of the inline scripts of the installed Streamlit's page (they change with versions).
hashes=$("$python" - <<'PY'
import base64, hashlib, pathlib, re, streamlit
html = (pathlib.Path(streamlit.__file__).parent / "static" / "index.html").read_text()
scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
print(" ".join(
    "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
    for s in scripts
))
PY
)
sed -e "s|@@DIR@@|$dir|g" -e "s|@@LISTEN@@|$host:$port|g" -e "s|@@SCRIPT_HASHES@@|$hashes|g" \
  "$root/deploy/nginx.conf.template" | awk -v servers="${servers%$'\n'}" \
  '{ if ($0 == "@@SERVERS@@") print servers; else print }' >"$dir/nginx.conf"
"$nginx" -t -q -p "$dir" -e "$dir/nginx-error.log" -c "$dir/nginx.conf"
"$nginx" -p "$dir" -e "$dir/nginx-error.log" -c "$dir/nginx.conf" -g 'daemon off;' &
pids+=("$!")

for i in $(seq 1 "$replicas"); do
  wait_http "http://127.0.0.1:${replica_ports[$((i - 1))]}/_stcore/health" 90 "replica $i" || {
    tail -n 20 "$dir/replica-$i.log" >&2; exit 1; }
done
url="http://$host:$port"
wait_http "$url/_stcore/health" 30 "nginx" || { cat "$dir/nginx-error.log" >&2; exit 1; }

cat >"$dir/cluster.env.tmp" <<ENV
CLUSTER_URL=$url
CLUSTER_DATABASE_URL=$db_url
CLUSTER_REPLICA_PORTS=${replica_ports[*]}
CLUSTER_DIR=$dir
ENV
mv "$dir/cluster.env.tmp" "$dir/cluster.env"  # whole or absent: scripts wait for it
echo "cluster ready: $url ($replicas replicas on ports ${replica_ports[*]}, PostgreSQL, nginx)"
echo "logs and config: $dir (nginx-access.log shows which replica served each request)"

if [ "$#" -gt 0 ]; then
  export CLUSTER_URL=$url CLUSTER_DATABASE_URL=$db_url CLUSTER_DIR=$dir \
    CLUSTER_REPLICA_PORTS="${replica_ports[*]}"
  set +e
  "$@"
  exit $?
fi
echo "Ctrl-C stops it all"

# Until Ctrl-C, or until one process dies (then stop the others and fail).
set +e
wait -n "${pids[@]}"
status=$?
echo "cluster: a process stopped (status $status); stopping the rest" >&2
exit 1
