#!/usr/bin/env bash
# The public resource search at national scale: 100,000 synthetic facilities (about 300,000 services) across
# the country in a temp SQLite database, `tsunagu serve --prefecture XX` for the prefecture with the most
# facilities, and wrk on the public search (no login) against nginx serving a static file in the same run
# (bench/common.sh, as bench/http.sh and bench/registry.sh).
#
#   bench/resources.sh [BINARY]     # from the repo root; BINARY defaults to build/tsunagu; the data loader
#                                   # bench_resources_seed is taken from the same directory
#
# Environment (and BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP, BENCH_CONNECTIONS as in bench/http.sh):
#   BENCH_FACILITIES  facilities to load (default 100000)
#   BENCH_SEED        generator seed (default 20261121)
#   BENCH_PUBLIC_CACHE 1 (default): the server keeps rendered answers (PublicIndex::cached), as in production;
#                     0: `serve --no-public-cache`, so every request is searched and rendered anew
#
# Targets (the loader names the prefecture XX, its municipality M with the most facilities and M's point):
#   all      GET /api/v1/resources                                  (everything, first page of 20, by reading)
#   area     GET /api/v1/resources?municipality=M&care=tube_feeding (a municipality + a care item)
#   service  GET /api/v1/resources?service=after_school_day_service&age=8
#   text     GET /api/v1/resources?q=ひまわり                         (part of a name, reading or address)
#   near     GET /api/v1/resources?lat=…&lng=…&km=3                  (within 3 km of M's point, nearest first)
#   find     GET /find?municipality=M&service=visiting_nursing&age=3 (the HTML search page)
# Results: printed as Markdown and written to bench/results/resources-latest.md.
set -euo pipefail

BENCH_NAME=bench/resources.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup "${1:-build/tsunagu}"
FACILITIES=${BENCH_FACILITIES:-100000}
SEED=${BENCH_SEED:-20261121}
[[ $FACILITIES =~ ^[1-9][0-9]*$ ]] || die "BENCH_FACILITIES must be a positive integer, got '$FACILITIES'"
[[ $SEED =~ ^[0-9]+$ ]] || die "BENCH_SEED must be a non-negative integer, got '$SEED'"
PUBLIC_CACHE=${BENCH_PUBLIC_CACHE:-1}
[[ $PUBLIC_CACHE == 0 || $PUBLIC_CACHE == 1 ]] || die "BENCH_PUBLIC_CACHE must be 0 or 1, got '$PUBLIC_CACHE'"
SERVE_OPTIONS=()
[[ $PUBLIC_CACHE == 0 ]] && SERVE_OPTIONS+=(--no-public-cache)
SEED_BIN=$(dirname "$BIN")/bench_resources_seed
[[ -x $SEED_BIN ]] || die "data loader '$SEED_BIN' not found (build the bench_resources_seed target)"
COMMAND="BENCH_SECONDS=$RUN_SECONDS BENCH_ROUNDS=$ROUNDS BENCH_CONNECTIONS=$WRK_CONNECTIONS BENCH_FACILITIES=$FACILITIES BENCH_PUBLIC_CACHE=$PUBLIC_CACHE $0${1:+ $(printf '%q' "$1")}"
REPORT_P50=1
# As in bench/registry.sh: a slow target's queue at 64 connections must show in p99, not stop the run.
WRK_TIMEOUT=10s

start_nginx_reference

# ---------------------------------------------------------------- tsunagu: DB with the national directory
DB="sqlite://$TMP/bench.db"
echo "loading $FACILITIES synthetic facilities…" >&2
LOAD_START=$(date +%s.%N)
PLACE=$("$SEED_BIN" --db "$DB" --count "$FACILITIES" --seed "$SEED" 2>"$TMP/seed.err") || die "bench_resources_seed failed"
LOAD_SECONDS=$(awk -v a="$LOAD_START" -v b="$(date +%s.%N)" 'BEGIN {printf "%.0f", b - a}')
read -r PREFECTURE MUNICIPALITY LAT LNG <<<"$PLACE"
[[ -n ${LNG:-} ]] || die "bench_resources_seed printed no prefecture and point"
LOADED=$(grep '^inserted' "$TMP/seed.err" || true)
grep -v '^  ' "$TMP/seed.err" >&2 || true
SCHEMA=$("$BIN" migrate --db "$DB" | sed -n 's/^schema version \([0-9]*\).*/\1/p')
DB_SIZE=$(du -m "$TMP/bench.db" | cut -f1)

start_tsunagu "$DB" --prefecture "$PREFECTURE" "${SERVE_OPTIONS[@]}"

# ---------------------------------------------------------------- targets
API="$TS/api/v1/resources"
HIMAWARI=%E3%81%B2%E3%81%BE%E3%82%8F%E3%82%8A  # ひまわり
NAMES=(nginx all area service text near find)
LABEL[all]="GET /api/v1/resources (all, first page)"
URL[all]="$API"
LABEL[area]="GET /api/v1/resources?municipality=$MUNICIPALITY&care=tube_feeding"
URL[area]="$API?municipality=$MUNICIPALITY&care=tube_feeding"
LABEL[service]="GET /api/v1/resources?service=after_school_day_service&age=8"
URL[service]="$API?service=after_school_day_service&age=8"
LABEL[text]="GET /api/v1/resources?q=ひまわり"
URL[text]="$API?q=$HIMAWARI"
LABEL[near]="GET /api/v1/resources?lat=$LAT&lng=$LNG&km=3"
URL[near]="$API?lat=$LAT&lng=$LNG&km=3"
LABEL[find]="GET /find?municipality=$MUNICIPALITY&service=visiting_nursing&age=3 (HTML)"
URL[find]="$TS/find?municipality=$MUNICIPALITY&service=visiting_nursing&age=3"
for name in "${NAMES[@]}"; do HEADER[$name]=""; done

check_targets
# What each API target matches, for the report: the total in the response (a page holds at most 20).
TOTALS=""
for name in all area service text near; do
  total=$(curl -fs "${URL[$name]}" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
  TOTALS+="${TOTALS:+, }$name $total"
done
measure
report "Resources benchmark: latest run" bench/results/resources-latest.md \
  "Written by \`bench/resources.sh\`; see docs/performance.md (\"Resources: public search at national scale\") for what is measured and why." \
  "data: ${LOADED:-$FACILITIES facilities} (load: ${LOAD_SECONDS} s including migration; database ${DB_SIZE} MB)" \
  "served: \`tsunagu serve --prefecture $PREFECTURE${SERVE_OPTIONS[*]:+ ${SERVE_OPTIONS[*]}}\`; municipality $MUNICIPALITY, point $LAT,$LNG" \
  "matching facilities (total in the response): $TOTALS" \
  "database schema version: ${SCHEMA:-unknown}"
