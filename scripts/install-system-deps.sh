#!/usr/bin/env bash
# Installs the Debian packages the project needs, only when missing:
#   python3-venv  (python3 -m venv; Debian ships Python without it)
#   chromium      (real-browser tests)       postgresql  (store tests, the cluster's database)
#   nginx         (the cluster's reverse proxy: make cluster, make cluster-test)
#   npm           (fetches the pinned axe-core for the accessibility test: make browser-tools)
# The PDF's fonts (Latin, Greek, Cyrillic, Hebrew, Arabic, Hangul, CJK, emoji) are vendored.
# `install-system-deps.sh venv` installs python3-venv only.
# Note: on a machine running systemd, Debian starts the nginx service (port 80) on install; the
# cluster runs its own nginx and does not need it (sudo systemctl disable --now nginx).
set -euo pipefail

need=()
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
if [ "${1:-all}" != "venv" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } ||
    need+=(postgresql)
  { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || need+=(nginx)
  command -v npm >/dev/null 2>&1 || need+=(npm)
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages present: python3-venv, chromium, postgresql, nginx, npm"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to install: ${need[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "installing: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
