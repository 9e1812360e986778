#!/usr/bin/env bash
# Two builds of tsunagu on the same registry data and the same target, in alternating rounds: the first build is
# the reference for the second, measured in the same run. For a change to one code path, this is a sharper test
# than two runs of bench/registry.sh, whose rounds drift with the machine.
#
#   bench/compare.sh OLD_BINARY NEW_BINARY [TARGET]   # from the repo root; TARGET defaults to /children (the
#                                                     # HTML list page); bench_registry_seed is taken from
#                                                     # NEW_BINARY's directory, else from build/
#
# To see how much two runs differ by chance, compare a binary with itself (bench/compare.sh B B): its per-round
# ratios scatter around 1.00 by the noise of this machine.
#
# Both builds must share the schema (the data is loaded once, by NEW_BINARY's loader). Each round starts each
# build afresh on the data, warms it up for BENCH_WARMUP seconds, and measures one wrk run of BENCH_SECONDS.
# Environment as in bench/registry.sh (BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP, BENCH_CONNECTIONS,
# BENCH_CHILDREN); the children are all in 山口県, the user's prefecture (bench/registry.sh's default scope).
set -euo pipefail

BENCH_NAME=bench/compare.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ $# -ge 2 ]] || die "usage: bench/compare.sh OLD_BINARY NEW_BINARY [TARGET]"
[[ -x $1 ]] || die "old binary '$1' not found or not executable"
OLD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
bench_setup "$2"
NEW=$BIN
TARGET=${3:-/children}
[[ $TARGET == /* ]] || die "TARGET must be a path starting with /, got '$TARGET'"
CHILDREN=${BENCH_CHILDREN:-20000}
[[ $CHILDREN =~ ^[1-9][0-9]*$ ]] || die "BENCH_CHILDREN must be a positive integer, got '$CHILDREN'"
SEED_BIN=$(dirname "$NEW")/bench_registry_seed
[[ -x $SEED_BIN ]] || SEED_BIN=$BENCH_ROOT/build/bench_registry_seed
[[ -x $SEED_BIN ]] || die "data loader '$SEED_BIN' not found (build the bench_registry_seed target)"
WRK_TIMEOUT=10s

DB="sqlite://$TMP/bench.db"
echo "loading $CHILDREN synthetic children…" >&2
TOKEN=$("$SEED_BIN" --db "$DB" --count "$CHILDREN" --prefecture 35 --staff-prefecture 35 --login bench \
  2>"$TMP/seed.err") || die "bench_registry_seed failed"
[[ -n $TOKEN ]] || die "bench_registry_seed printed no token"

NAMES=(target)
LABEL[target]="GET $TARGET"
HEADER[target]="Authorization: Bearer $TOKEN"
for round in $(seq "$ROUNDS"); do
  for build in old new; do
    BIN=$OLD
    [[ $build == new ]] && BIN=$NEW
    start_tsunagu "$DB"
    URL[target]="$TS$TARGET"
    check_targets
    echo "round $round/$ROUNDS: $build build, ${LABEL[target]} (${RUN_SECONDS}s)…" >&2
    [[ $WARMUP -eq 0 ]] || run_wrk target "$WARMUP" "$TMP/warmup.txt"
    run_wrk target "$RUN_SECONDS" "$TMP/run-$round-$build.txt"
    RPS[$build]+="$(rps "$TMP/run-$round-$build.txt") "
    P99[$build]+="$(p99_ms "$TMP/run-$round-$build.txt") "
    stop_pid "$TSUNAGU_PID"
    TSUNAGU_PID=""
  done
done

old_rps=$(median <<<"${RPS[old]}")
new_rps=$(median <<<"${RPS[new]}")
echo "| build | req/s per round | median req/s | p99 per round (ms) | median p99 (ms) |"
echo "| --- | --- | ---: | --- | ---: |"
for build in old new; do
  bin=$OLD
  [[ $build == new ]] && bin=$NEW
  echo "| $build ($bin) | ${RPS[$build]% } | $(median <<<"${RPS[$build]}") | ${P99[$build]% } | $(median <<<"${P99[$build]}") |"
done
# Each round's new/old: the two runs of a round are next to each other in time, so the machine's drift over the
# whole run (often larger than the difference measured) cancels out of each ratio.
ratios=$(paste -d' ' <(tr ' ' '\n' <<<"${RPS[new]}" | grep .) <(tr ' ' '\n' <<<"${RPS[old]}" | grep .) |
  awk '{printf "%.2f ", $1 / $2}')
echo
echo "- new/old req/s per round: ${ratios% }; median $(median <<<"$ratios")"
echo "- new/old of the median req/s: $(awk -v n="$new_rps" -v o="$old_rps" 'BEGIN {printf "%.2f", n / o}')"
echo "- target: ${LABEL[target]}, $CHILDREN children visible; wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${RUN_SECONDS}s, $ROUNDS rounds, builds alternating"
echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) CPUs"
echo "- command: BENCH_SECONDS=$RUN_SECONDS BENCH_ROUNDS=$ROUNDS BENCH_WARMUP=$WARMUP BENCH_CONNECTIONS=$WRK_CONNECTIONS BENCH_CHILDREN=$CHILDREN bench/compare.sh $* "
