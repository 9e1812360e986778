#!/usr/bin/env bash
# HTTP throughput/latency benchmark: tsunagu against nginx serving a static file, in the same run.
#
#   bench/http.sh [BINARY]          # from the repo root; BINARY defaults to build/tsunagu
#
# Environment:
#   BENCH_SECONDS   duration of each measured wrk run (default 10)
#   BENCH_ROUNDS    rounds; each round runs every target once, in the same order (default 3)
#   BENCH_WARMUP    seconds of unrecorded warm-up per target before round 1 (default 3)
#   BENCH_CONNECTIONS  wrk connections (default 64)
#
# Everything lives in a fresh temp dir (SQLite DB, nginx config and docroot, logs) that is removed on exit,
# success or failure. Only 127.0.0.1 is used. Results: printed as Markdown and written to
# bench/results/http-latest.md. The shared machinery (nginx reference, checked wrk runs, medians, report)
# is in bench/common.sh.
set -euo pipefail

BENCH_NAME=bench/http.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup "${1:-build/tsunagu}"
# The command as it was typed, for the report (only the variables that change the result).
COMMAND="BENCH_SECONDS=$RUN_SECONDS BENCH_ROUNDS=$ROUNDS${BENCH_CONNECTIONS:+ BENCH_CONNECTIONS=$WRK_CONNECTIONS} $0${1:+ $(printf '%q' "$1")}"

start_nginx_reference

# ---------------------------------------------------------------- tsunagu: DB, user, session, token
DB="sqlite://$TMP/bench.db"
LOGIN=bench
PASSWORD=bench-password-$RANDOM$RANDOM
"$BIN" migrate --db "$DB" >/dev/null
echo "$PASSWORD" | "$BIN" user add "$LOGIN" --role center_staff --prefecture 35 --db "$DB" >/dev/null
TOKEN=$("$BIN" token create "$LOGIN" --db "$DB")
[[ -n $TOKEN ]] || die "tsunagu token create printed nothing"

start_tsunagu "$DB"

# Log in like a browser: GET /login (form cookie + hidden _csrf), POST /login, keep tsunagu_session.
CSRF=$(curl -fs -c "$TMP/jar" "$TS/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
[[ -n $CSRF ]] || die "no _csrf field in GET /login"
curl -fs -o /dev/null -D "$TMP/login.headers" -b "$TMP/jar" -c "$TMP/jar" \
  --data-urlencode "_csrf=$CSRF" --data-urlencode "login=$LOGIN" --data-urlencode "password=$PASSWORD" "$TS/login"
SESSION=$(tr -d '\r' <"$TMP/login.headers" | sed -n 's/^[Ss]et-[Cc]ookie: tsunagu_session=\([^;]*\).*/\1/p' | head -n 1)
[[ -n $SESSION ]] || die "POST /login set no tsunagu_session cookie: $(head -n 1 "$TMP/login.headers")"

# ---------------------------------------------------------------- targets
NAMES=(nginx healthz page api)
LABEL[healthz]="tsunagu GET /healthz"
URL[healthz]="$TS/healthz"
HEADER[healthz]=""
LABEL[page]="tsunagu GET / (session cookie)"
URL[page]="$TS/"
HEADER[page]="Cookie: tsunagu_session=$SESSION"
LABEL[api]="tsunagu GET /api/v1/me (bearer)"
URL[api]="$TS/api/v1/me"
HEADER[api]="Authorization: Bearer $TOKEN"

check_targets
measure
report "HTTP benchmark: latest run" bench/results/http-latest.md \
  "Written by \`bench/http.sh\`; see docs/performance.md for what is measured and why."
