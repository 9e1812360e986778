#!/usr/bin/env bash
# The census (実数調査) import and record linkage on a synthetic round: census_synth writes the sheets of one
# round with their truth (census/synthetic.h), tsunagu imports them into a fresh SQLite database, reconciles
# the round and writes its links, and census_score compares the links with the truth (pairwise precision,
# recall and F1; the target is F1 >= 0.99). See docs/census-synthetic.md.
#
#   bench/census.sh [BINARY]        # from the repo root; BINARY defaults to build/tsunagu (built first, with
#                                   # census_synth and census_score, in build/); with BINARY nothing is built
#                                   # and the tools are taken from BINARY's directory
#
# Environment:
#   BENCH_CHILDREN  children in the round (default 20000)
#   BENCH_SEED      generator seed (default 1)
#   BENCH_FORMAT    csv, xlsx or mixed (default mixed: CSV UTF-8 with and without BOM, CP932, .xlsx with and
#                   without title rows)
#   BENCH_ROUND     round year (default 2026)
#   BENCH_REGISTRY  1: the round also has a registry sheet (default 0)
#   BENCH_RUNS      reconcile runs; the median is reported (default 3)
#   BENCH_SHOW      false-positive and false-negative pairs to print with the score (default 5)
#   BENCH_DB        sqlite (default: a fresh file) or postgresql (a server started for the run in a temporary
#                   directory by scripts/pg-test-server.sh, stopped afterwards)
#
# Timed (wall clock): the generation; `census import --dry-run` over every file (read, parse, validate; no
# writes); the import of every file; `census reconcile` (BENCH_RUNS runs on the imported round, median);
# `census links`. Results: printed, and written to bench/results/census-YYYY-MM-DD.txt (UTC date).
set -euo pipefail

BENCH_NAME=bench/census.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"  # die, median, cleanup (removes $TMP on exit)

CHILDREN=${BENCH_CHILDREN:-20000}
SEED=${BENCH_SEED:-1}
FORMAT=${BENCH_FORMAT:-mixed}
ROUND=${BENCH_ROUND:-2026}
REGISTRY=${BENCH_REGISTRY:-0}
RUNS=${BENCH_RUNS:-3}
SHOW=${BENCH_SHOW:-5}
BACKEND=${BENCH_DB:-sqlite}
[[ $BACKEND == sqlite || $BACKEND == postgresql ]] || die "BENCH_DB must be sqlite or postgresql, got '$BACKEND'"
[[ $CHILDREN =~ ^[1-9][0-9]*$ ]] || die "BENCH_CHILDREN must be a positive integer, got '$CHILDREN'"
[[ $SEED =~ ^[0-9]+$ ]] || die "BENCH_SEED must be a non-negative integer, got '$SEED'"
[[ $FORMAT == csv || $FORMAT == xlsx || $FORMAT == mixed ]] || die "BENCH_FORMAT must be csv, xlsx or mixed, got '$FORMAT'"
[[ $ROUND =~ ^20[0-9][0-9]$ ]] || die "BENCH_ROUND must be a year such as 2026, got '$ROUND'"
[[ $REGISTRY == 0 || $REGISTRY == 1 ]] || die "BENCH_REGISTRY must be 0 or 1, got '$REGISTRY'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$RUNS'"
[[ $SHOW =~ ^[0-9]+$ ]] || die "BENCH_SHOW must be a non-negative integer, got '$SHOW'"
COMMAND="BENCH_CHILDREN=$CHILDREN BENCH_SEED=$SEED BENCH_FORMAT=$FORMAT BENCH_ROUND=$ROUND BENCH_REGISTRY=$REGISTRY BENCH_RUNS=$RUNS BENCH_DB=$BACKEND $0${1:+ $(printf '%q' "$1")}"

# ---------------------------------------------------------------- binaries
if [[ $# -eq 0 ]]; then
  echo "building tsunagu, census_synth, census_score (Release, build/)…" >&2
  cmake -S "$BENCH_ROOT" -B "$BENCH_ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$BENCH_ROOT/build" tsunagu census_synth census_score >&2
  BIN=$BENCH_ROOT/build/tsunagu
else
  BIN=$1
fi
[[ -x $BIN ]] || die "tsunagu binary '$BIN' not found or not executable"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
SYNTH=$(dirname "$BIN")/census_synth
SCORE=$(dirname "$BIN")/census_score
[[ -x $SYNTH && -x $SCORE ]] || die "census_synth and census_score must sit next to $BIN (build those targets)"
"$BIN" census --help >/dev/null 2>&1 || die "this tsunagu has no 'census' command (import/reconcile/links)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-census.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# timed LOG COMMAND…: runs COMMAND with its output appended to LOG; prints the wall-clock seconds.
timed() {
  local log=$1 start end
  shift
  start=$(date +%s.%N)
  if ! "$@" >>"$log" 2>&1 </dev/null; then
    tail -n 20 "$log" >&2
    die "failed: $*"
  fi
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", e - s}'
}
sum() { awk '{s += $1} END {printf "%.3f\n", s}'; }

# ---------------------------------------------------------------- the round
DIR=$TMP/round
SYNTH_ARGS=(--children "$CHILDREN" --seed "$SEED" --round "$ROUND" --format "$FORMAT" --out "$DIR")
[[ $REGISTRY == 1 ]] && SYNTH_ARGS+=(--registry)
echo "generating $CHILDREN children (seed $SEED, $FORMAT)…" >&2
T_GENERATE=$(timed "$TMP/synth.log" "$SYNTH" "${SYNTH_ARGS[@]}")
GENERATED=$(grep '^census_synth:' "$TMP/synth.log" || true)
FILES=$(wc -l <"$DIR/manifest.tsv")
ROWS=$(($(wc -l <"$DIR/truth.csv") - 1))

if [[ $BACKEND == postgresql ]]; then
  read -r PG_DIR PG_PORT < <("$BENCH_ROOT/scripts/pg-test-server.sh" start | tail -1)
  trap '"$BENCH_ROOT/scripts/pg-test-server.sh" stop "$PG_DIR"; cleanup' EXIT
  DB="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
else
  DB="sqlite://$TMP/census.db"
fi
"$BIN" migrate --db "$DB" >/dev/null

# import_all LOG [--dry-run]: every file of the manifest, one `census import` each; prints the seconds per file.
import_all() {
  local log=$1 file source kind code args
  shift
  while IFS=$'\t' read -r file source kind code; do
    args=(census import --db "$DB" --round "$ROUND" --source "$source" --kind "$kind")
    [[ -z $code ]] || args+=(--municipality "$code")
    timed "$log" "$BIN" "${args[@]}" "$@" "$DIR/$file"
  done <"$DIR/manifest.tsv"
}

echo "census import --dry-run: $FILES files, $ROWS rows…" >&2
T_DRY=$(import_all "$TMP/dry-run.log" --dry-run | sum)
echo "census import: $FILES files…" >&2
T_IMPORT=$(import_all "$TMP/import.log" | sum)

RECONCILE=""
for run in $(seq "$RUNS"); do
  echo "census reconcile, run $run/$RUNS…" >&2
  RECONCILE+="$(timed "$TMP/reconcile.log" "$BIN" census reconcile --db "$DB" --round "$ROUND") "
done
T_RECONCILE=$(median <<<"$RECONCILE")

echo "census links…" >&2
T_LINKS=$(timed "$TMP/links.log" "$BIN" census links --db "$DB" --round "$ROUND" --out "$TMP/links.csv")

SCORE_RC=0
"$SCORE" "$DIR/truth.csv" "$TMP/links.csv" "$DIR" --show "$SHOW" >"$TMP/score.txt" 2>&1 || SCORE_RC=$?
[[ $SCORE_RC -le 1 ]] || { cat "$TMP/score.txt" >&2; die "census_score could not read the files"; }
F1=$(awk '$1 == "F1" {print $2}' "$TMP/score.txt")

# ---------------------------------------------------------------- report
RESULT=bench/results/census-$(date -u +%Y-%m-%d).txt
rate() { awk -v n="$ROWS" -v s="$1" 'BEGIN {if (s > 0) printf "%.0f rows/s", n / s; else print "-"}'; }
{
  echo "Census benchmark (bench/census.sh): import and record linkage of a synthetic round"
  echo
  echo "command:   $COMMAND"
  echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine:   $(nproc) CPUs, $(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown), Linux $(uname -r)"
  echo "software:  $("$BIN" --version 2>&1 | head -n 1)"
  echo "database:  $BACKEND"
  echo "round:     ${GENERATED#census_synth: }"
  echo "           $FILES files, $ROWS rows"
  echo
  echo "timings (wall clock, seconds):"
  echo "  generate            $T_GENERATE"
  echo "  import --dry-run    $T_DRY  ($(rate "$T_DRY"); all files, one process each)"
  echo "  import              $T_IMPORT  ($(rate "$T_IMPORT"))"
  echo "  reconcile (median)  $T_RECONCILE  (runs: ${RECONCILE% })"
  echo "  links               $T_LINKS"
  echo
  echo "score (census_score; pairwise, target F1 >= 0.99):"
  sed 's/^/  /' "$TMP/score.txt"
  [[ $SCORE_RC -eq 0 ]] || echo "  ERROR: rows missing from the links or the truth: the score does not cover the round"
} >"$TMP/result.txt"
mkdir -p "$BENCH_ROOT/bench/results"
cp "$TMP/result.txt" "$BENCH_ROOT/$RESULT"
cat "$TMP/result.txt"
echo >&2
echo "written: $RESULT (F1 ${F1:-?})" >&2
[[ $SCORE_RC -eq 0 ]]
