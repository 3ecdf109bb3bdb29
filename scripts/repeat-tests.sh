#!/usr/bin/env bash
# Runs pytest N times and counts, per test, how often it passed and failed: the stability
# check for the browser tests (a test that fails one run in five blocks good work).
#   bash scripts/repeat-tests.sh 20 tests/e2e
#   bash scripts/repeat-tests.sh 20 -m cluster tests/e2e/test_cluster.py
# PYTHON (.venv/bin/python) runs pytest; the output of a failed run is shown in full.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 RUNS [pytest arguments]" >&2; exit 2; }
runs=$1
shift
python=${PYTHON:-.venv/bin/python}
logs=$(mktemp -d /tmp/repeat-tests.XXXXXX)
trap 'rm -rf "$logs"' EXIT
failed=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if "$python" -m pytest -q -rA -p no:cacheprovider "$@" >"$logs/run-$i.txt" 2>&1; then
    echo "run $i/$runs: $(tail -n 1 "$logs/run-$i.txt") ($(( $(date +%s) - start )) s wall)"
  else
    failed=$((failed + 1))
    echo "run $i/$runs FAILED:"
    grep -E '^(E |FAILED|ERROR)' "$logs/run-$i.txt" | head -n 40 || tail -n 40 "$logs/run-$i.txt"
  fi
done
echo "per test, over $runs runs:"
cat "$logs"/run-*.txt | grep -E '^(PASSED|FAILED|ERROR) ' | awk '{print $1, $2}' | sort | uniq -c
[ "$failed" -eq 0 ]
