#!/usr/bin/env bash
# `make bench-cluster`, run inside scripts/cluster.sh (which exports CLUSTER_URL,
# CLUSTER_DATABASE_URL, CLUSTER_REPLICA_PORTS): the workshop benchmark on the cluster's
# database, then browsers through the proxy, then the same browsers on one replica directly
# (no proxy, one process) as the baseline. BENCH_PARTICIPANTS (10) and BENCH_ANSWERS (12).
set -euo pipefail
python=${1:-.venv/bin/python}
first_port=${CLUSTER_REPLICA_PORTS%% *}
exec "$python" benchmarks/bench_workshop.py \
  --database-url "$CLUSTER_DATABASE_URL" \
  --url "$CLUSTER_URL" --url "http://127.0.0.1:$first_port" \
  --participants "${BENCH_PARTICIPANTS:-10}" --answers "${BENCH_ANSWERS:-12}"
