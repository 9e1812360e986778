#!/usr/bin/env bash
# The first README command: install what is missing, build, prepare var/tsunagu.db (migrations, master data,
# demo accounts when the database has no users) and serve on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
scripts/build.sh tsunagu
DB=${TSUNAGU_DB:-sqlite://var/tsunagu.db}
mkdir -p var
./build/tsunagu migrate --db "$DB"
./build/tsunagu seed-demo --db "$DB" --logins-file var/demo-logins.txt >/dev/null
echo
echo "Demo logins (var/demo-logins.txt; fictional people):"
sed '1d' var/demo-logins.txt | awk -F'\t' '{ printf "  %-12s %-18s %s %s\n", $1, $2, $3, $4 }'
echo
echo "Open http://${TSUNAGU_LISTEN:-127.0.0.1:8080}/ — stop with Ctrl-C."
exec ./build/tsunagu serve --db "$DB" --listen "${TSUNAGU_LISTEN:-127.0.0.1:8080}"
