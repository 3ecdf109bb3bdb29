#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when missing:
# Chromium (real-browser tests), PostgreSQL (store tests), npm (fetches axe-core for the
# accessibility test); fonts for CJK in the PDF are vendored.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && { echo "system packages present: chromium, postgresql, npm"; exit 0; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to install: ${need[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "installing: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
