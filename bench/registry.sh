#!/usr/bin/env bash
# The registry's staff list at national scale: 20,000 synthetic children in a temp SQLite database, tsunagu
# under wrk load on the list endpoints as a center_staff user with a bearer token, against nginx serving a
# static file in the same run (bench/common.sh, as bench/http.sh).
#
#   bench/registry.sh [BINARY]      # from the repo root; BINARY defaults to build/tsunagu; the data loader
#                                   # bench_registry_seed is taken from the same directory
#
# Environment (and BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP, BENCH_CONNECTIONS as in bench/http.sh):
#   BENCH_CHILDREN  children to load (default 20000)
#   BENCH_SCOPE     "prefecture" (default): every child in 山口県 (35), the user's prefecture, so the user's
#                   list holds all of them — the worst case for a list of that size;
#                   "national": spread over the country as in reality; the user works for 東京都 (13), the
#                   prefecture with the most children, and sees about a tenth of them.
#
# Targets (all with the list's defaults: active children, 50 a page, sorted by kana unless said):
#   list      GET /api/v1/children
#   filter    GET /api/v1/children?municipality=…&care_item=ventilator
#   age       GET /api/v1/children?age_min=6&age_max=11&electricity=yes
#   search    GET /api/v1/children?q=タカハシ          (the name search; finds 高橋 and 髙橋)
#   page      GET /children                             (the HTML list page)
#   score     GET /api/v1/children?sort=score&order=desc
# Every list request also appends its audit entry (a write), as in production.
# Results: printed as Markdown and written to bench/results/registry-latest.md.
set -euo pipefail

BENCH_NAME=bench/registry.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup "${1:-build/tsunagu}"
CHILDREN=${BENCH_CHILDREN:-20000}
SCOPE=${BENCH_SCOPE:-prefecture}
[[ $CHILDREN =~ ^[1-9][0-9]*$ ]] || die "BENCH_CHILDREN must be a positive integer, got '$CHILDREN'"
case $SCOPE in
  prefecture) LOAD_PREFECTURE=35 STAFF_PREFECTURE=35 MUNICIPALITY=352012 MUNICIPALITY_NAME=下関市 ;;
  national) LOAD_PREFECTURE="" STAFF_PREFECTURE=13 MUNICIPALITY=131121 MUNICIPALITY_NAME=世田谷区 ;;
  *) die "BENCH_SCOPE must be prefecture or national, got '$SCOPE'" ;;
esac
SEED_BIN=$(dirname "$BIN")/bench_registry_seed
[[ -x $SEED_BIN ]] || die "data loader '$SEED_BIN' not found (build the bench_registry_seed target)"
COMMAND="BENCH_SECONDS=$RUN_SECONDS BENCH_ROUNDS=$ROUNDS BENCH_CONNECTIONS=$WRK_CONNECTIONS BENCH_CHILDREN=$CHILDREN BENCH_SCOPE=$SCOPE $0${1:+ $(printf '%q' "$1")}"
REPORT_P50=1
# A list request takes milliseconds, not microseconds: at 64 connections the queue alone can pass wrk's
# default 2 s timeout, which would count as a socket error and stop the run. The p99 shows the waiting.
WRK_TIMEOUT=10s

start_nginx_reference

# ---------------------------------------------------------------- tsunagu: DB with children, user, token
DB="sqlite://$TMP/bench.db"
echo "loading $CHILDREN synthetic children ($SCOPE)…" >&2
TOKEN=$("$SEED_BIN" --db "$DB" --count "$CHILDREN" --prefecture "$LOAD_PREFECTURE" \
  --staff-prefecture "$STAFF_PREFECTURE" --login bench 2>"$TMP/seed.err") || die "bench_registry_seed failed"
[[ -n $TOKEN ]] || die "bench_registry_seed printed no token"
LOADED=$(grep '^inserted' "$TMP/seed.err" || true)
cat "$TMP/seed.err" >&2
SCHEMA=$("$BIN" migrate --db "$DB" | sed -n 's/^schema version \([0-9]*\).*/\1/p')

start_tsunagu "$DB"

# ---------------------------------------------------------------- targets
AUTH="Authorization: Bearer $TOKEN"
NAMES=(nginx list filter age search page score)
LABEL[list]="GET /api/v1/children (first page, kana order)"
URL[list]="$TS/api/v1/children"
LABEL[filter]="GET /api/v1/children?municipality=$MUNICIPALITY&care_item=ventilator ($MUNICIPALITY_NAME)"
URL[filter]="$TS/api/v1/children?municipality=$MUNICIPALITY&care_item=ventilator"
LABEL[age]="GET /api/v1/children?age_min=6&age_max=11&electricity=yes"
URL[age]="$TS/api/v1/children?age_min=6&age_max=11&electricity=yes"
LABEL[search]="GET /api/v1/children?q=タカハシ (name search)"
URL[search]="$TS/api/v1/children?q=%E3%82%BF%E3%82%AB%E3%83%8F%E3%82%B7"
LABEL[page]="GET /children (HTML list page)"
URL[page]="$TS/children"
LABEL[score]="GET /api/v1/children?sort=score&order=desc"
URL[score]="$TS/api/v1/children?sort=score&order=desc"
for name in "${NAMES[@]}"; do
  [[ $name == nginx ]] || HEADER[$name]=$AUTH
done

check_targets
# What each list target returns, for the report: the total of matching children (the page holds ≤ 50).
TOTALS=""
for name in list filter age search score; do
  total=$(curl -fs -H "$AUTH" "${URL[$name]}" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
  TOTALS+="${TOTALS:+, }$name $total"
done
measure
report "Registry benchmark: latest run" bench/results/registry-latest.md \
  "Written by \`bench/registry.sh\`; see docs/performance.md (\"Registry at national scale\") for what is measured and why." \
  "data: ${LOADED:-$CHILDREN children} (scope: $SCOPE)" \
  "matching children (total in the response): $TOTALS" \
  "database schema version: ${SCHEMA:-unknown}"
