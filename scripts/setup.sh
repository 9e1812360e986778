#!/usr/bin/env bash
# Installs what tsunagu needs on Debian 12, idempotently.
#   scripts/setup.sh run    build and run the server (SQLite)
#   scripts/setup.sh test   also PostgreSQL 15, Chromium, wrk/nginx for the tests and the benchmark
set -euo pipefail
purpose=${1:-run}
cd "$(dirname "$0")/.."

build_pkgs=(build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-system1.81-dev
  libsoci-dev libsqlite3-dev libpq-dev sqlite3
  nlohmann-json3-dev libkainjow-mustache-dev libsodium-dev libicu-dev
  libxlsxwriter-dev libzip-dev libpugixml-dev libcli11-dev libgtest-dev)
test_pkgs=(postgresql-15 postgresql-client-15 chromium fonts-ipafont-gothic
  wrk nginx-light procps curl)

pkgs=("${build_pkgs[@]}")
# Node.js may come from elsewhere than Debian (its own npm inside): ask for the commands, not the packages.
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)
[ "$purpose" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end assets (htmx) and browser-test tools, pinned by package-lock.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
