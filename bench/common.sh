# Shared parts of the HTTP benchmarks (bench/http.sh, bench/registry.sh, bench/resources.sh): settings, a temp
# dir cleaned up on exit, nginx serving a static file as the reference, the tsunagu server, checked wrk runs,
# medians and the Markdown report. Sourced, not run. The including script sets BENCH_NAME (for messages) before
# sourcing and then, in this order: bench_setup BINARY; start_nginx_reference; start_tsunagu DB_URL;
# NAMES/LABEL/URL/HEADER for its targets (NAMES[0] must be nginx); check_targets; measure; report TITLE
# RESULT_FILE INTRO.
#
# Environment (read by bench_setup):
#   BENCH_SECONDS   duration of each measured wrk run (default 10)
#   BENCH_ROUNDS    rounds; each round runs every target once, in the same order (default 3)
#   BENCH_WARMUP    seconds of unrecorded warm-up per target before round 1 (default 3)
#   BENCH_CONNECTIONS  wrk connections, i.e. requests in flight at all times (default 64)
# The including script may set WRK_TIMEOUT (wrk's --timeout; default 2s, wrk's own) before measuring.
#
# Why a Lua script on every wrk run: wrk's own "Non-2xx or 3xx responses" counter only counts statuses
# >= 400, so a 303 to /login (what an expired or missing session gets) would pass unnoticed. The script
# counts every status outside 200-299; any such response, any socket error (connect/read/write/timeout)
# or a server that died during a run fails the benchmark.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WRK_THREADS=2
WRK_TIMEOUT=2s
REPORT_P50=${REPORT_P50:-}  # set to 1 (before report) for a median p50 column
NGINX_PID=""
TSUNAGU_PID=""
WRK_PID=""
TMP=""
declare -a NAMES=()
declare -A LABEL=() URL=() HEADER=() RPS=() P50=() P99=()

die() {
  echo "$BENCH_NAME: error: $*" >&2
  exit 1
}

stop_pid() {
  local pid=$1
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ $rc -ne 0 && -n $TMP ]]; then
    for log in "$TMP/tsunagu.err" "$TMP/nginx/error.log" "$TMP/nginx.err" "$TMP/seed.err"; do
      if [[ -s $log ]]; then
        echo "--- last lines of $(basename "$log"):" >&2
        tail -n 20 "$log" >&2
      fi
    done
  fi
  stop_pid "$WRK_PID"
  stop_pid "$TSUNAGU_PID"
  stop_pid "$NGINX_PID"
  [[ -z $TMP ]] || rm -rf "$TMP"
  exit "$rc"
}

# bench_setup BINARY: checks the settings and tools, resolves the tsunagu binary to an absolute path (BIN),
# and makes the temp dir (TMP) that is removed on exit, success or failure.
bench_setup() {
  BIN=$1
  RUN_SECONDS=${BENCH_SECONDS:-10}
  ROUNDS=${BENCH_ROUNDS:-3}
  WARMUP=${BENCH_WARMUP:-3}
  WRK_CONNECTIONS=${BENCH_CONNECTIONS:-64}
  [[ $RUN_SECONDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive integer, got '$RUN_SECONDS'"
  [[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer, got '$ROUNDS'"
  [[ $WARMUP =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a non-negative integer, got '$WARMUP'"
  [[ $WRK_CONNECTIONS =~ ^[1-9][0-9]*$ && $WRK_CONNECTIONS -ge $WRK_THREADS ]] ||
    die "BENCH_CONNECTIONS must be an integer of at least $WRK_THREADS, got '$WRK_CONNECTIONS'"
  for tool in wrk nginx curl awk; do
    command -v "$tool" >/dev/null || die "'$tool' not found (Debian packages: wrk, nginx-light, curl, gawk/mawk)"
  done
  [[ -x $BIN ]] || die "tsunagu binary '$BIN' not found or not executable (build it, or pass its path)"
  BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-bench.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# A port nobody listens on right now (127.0.0.1 only); the caller retries if it is taken meanwhile.
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# wait_http URL PID: until URL answers, or fail if PID died / 10 s passed.
wait_http() {
  local url=$1 pid=$2
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -fs -o /dev/null --max-time 1 "$url" && return 0
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------- nginx: static ~200-byte file
# Sets NGINX_PID, NGINX_PORT and the target "nginx".
start_nginx_reference() {
  mkdir -p "$TMP/nginx/www"
  # When started as root, nginx workers run as "nobody": they must be able to read the docroot.
  chmod 755 "$TMP" "$TMP/nginx" "$TMP/nginx/www"
  cat >"$TMP/nginx/www/static.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>static</title></head>
<body><p>A small static file served by nginx as the benchmark's baseline, about 200 bytes.</p></body>
</html>
EOF
  chmod 644 "$TMP/nginx/www/static.html"

  local nginx_v temp_paths="" m
  nginx_v=$(nginx -V 2>&1)
  for m in client_body proxy fastcgi uwsgi scgi; do
    [[ $m == client_body ]] || ! grep -q -- "--without-http_${m}_module" <<<"$nginx_v" || continue
    temp_paths+="  ${m}_temp_path $TMP/nginx/${m}_temp;"$'\n'
  done

  local started=""
  for _ in 1 2 3 4 5; do
    NGINX_PORT=$(free_port) || die "no free port for nginx"
    cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
$temp_paths
  types { text/html html; }
  default_type application/octet-stream;
  # nginx's default closes a keep-alive connection after 1000 requests; tsunagu never does. Keep both
  # on the same footing so the baseline is not handicapped by reconnects.
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TMP/nginx/www;
  }
}
EOF
    nginx -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" -g 'daemon off;' >"$TMP/nginx.err" 2>&1 &
    NGINX_PID=$!
    if wait_http "http://127.0.0.1:$NGINX_PORT/static.html" "$NGINX_PID"; then
      started=yes
      break
    fi
    stop_pid "$NGINX_PID"
    NGINX_PID=""
  done
  [[ -n $started ]] || die "nginx did not start (see its log above)"
  LABEL[nginx]="nginx static file (~200 B)"
  URL[nginx]="http://127.0.0.1:$NGINX_PORT/static.html"
  HEADER[nginx]=""
}

# ---------------------------------------------------------------- tsunagu serve
# start_tsunagu DB_URL [SERVE_OPTION…]: serves on a free port; sets TSUNAGU_PID and TS (the base URL). The
# access log (one JSON line per request on stdout) goes to a file, as it would in production. Further
# arguments go to `tsunagu serve` (e.g. --prefecture 13).
start_tsunagu() {
  local db=$1
  shift
  "$BIN" serve --db "$db" --listen 127.0.0.1:0 "$@" >"$TMP/tsunagu-access.log" 2>"$TMP/tsunagu.err" &
  TSUNAGU_PID=$!
  local port=""
  for _ in $(seq 100); do
    # The log may not exist yet: the background shell opens it.
    port=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$TMP/tsunagu.err" 2>/dev/null || true)
    [[ -n $port ]] && break
    kill -0 "$TSUNAGU_PID" 2>/dev/null || die "tsunagu serve exited at startup"
    sleep 0.1
  done
  [[ -n $port ]] || die "tsunagu serve did not report its port"
  TS="http://127.0.0.1:$port"
  wait_http "$TS/healthz" "$TSUNAGU_PID" || die "tsunagu /healthz did not answer"
}

# ---------------------------------------------------------------- measuring
# Every target must answer 200 before it is measured (a 303 to /login would make a fast, false figure).
check_targets() {
  local name code args
  for name in "${NAMES[@]}"; do
    args=(-s -o /dev/null -w '%{http_code}' --max-time 5)
    [[ -z ${HEADER[$name]} ]] || args+=(-H "${HEADER[$name]}")
    code=$(curl "${args[@]}" "${URL[$name]}" || true)
    [[ $code == 200 ]] || die "${LABEL[$name]}: ${URL[$name]} answered $code, not 200"
  done
  cat >"$TMP/count.lua" <<'EOF'
-- Counts responses outside 200-299 over all wrk threads (wrk's own counter ignores 3xx).
local threads = {}
bench_bad = 0
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status < 200 or status > 299 then bench_bad = bench_bad + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("bench_bad") end
  io.write(string.format("bench-non-2xx: %d\n", bad))
end
EOF
}

# run_wrk NAME SECONDS OUTFILE: one wrk run, checked; exits the script on any error response.
run_wrk() {
  local name=$1 secs=$2 out=$3
  local args=(-t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${secs}s" --timeout "$WRK_TIMEOUT" --latency -s "$TMP/count.lua")
  [[ -z ${HEADER[$name]} ]] || args+=(-H "${HEADER[$name]}")
  # In the background and waited for, so that a TERM to this script is handled at once, not after the run.
  wrk "${args[@]}" "${URL[$name]}" >"$out" 2>&1 &
  WRK_PID=$!
  if ! wait "$WRK_PID"; then
    cat "$out" >&2
    die "wrk failed against ${LABEL[$name]}"
  fi
  WRK_PID=""
  local pid=$TSUNAGU_PID
  [[ $name == nginx ]] && pid=$NGINX_PID
  kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; die "${LABEL[$name]}: the server died during the run"; }
  local bad wrk_bad sockerr
  bad=$(awk '/^bench-non-2xx:/ {print $2}' "$out")
  wrk_bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  sockerr=$(awk '/Socket errors:/ {print}' "$out")
  if [[ -z $bad || $bad != 0 || -n $wrk_bad || -n $sockerr ]] || ! grep -q '^Requests/sec:' "$out"; then
    cat "$out" >&2
    die "${LABEL[$name]}: ${bad:-?} non-2xx responses${sockerr:+, $sockerr} — the figures would not measure what they claim"
  fi
}

# A percentile ("50%", "99%") from wrk's "Latency Distribution" block, in milliseconds.
percentile_ms() {
  awk -v p="$1" '$1 == p {
    v = $2; u = v; sub(/^[0-9.]+/, "", u); n = substr(v, 1, length(v) - length(u)) + 0
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f\n", n
  }' "$2"
}
p99_ms() { percentile_ms 99% "$1"; }
p50_ms() { percentile_ms 50% "$1"; }
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Warm-up, then ROUNDS rounds over NAMES in order; fills RPS, P50 and P99 (space-separated per run).
measure() {
  local name round out
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
  if [[ $WARMUP -gt 0 ]]; then
    echo "warming up (${WARMUP}s per target)…" >&2
    for name in "${NAMES[@]}"; do run_wrk "$name" "$WARMUP" "$TMP/warmup-$name.txt"; done
  fi
  for round in $(seq "$ROUNDS"); do
    for name in "${NAMES[@]}"; do
      echo "round $round/$ROUNDS: ${LABEL[$name]} (${RUN_SECONDS}s)…" >&2
      out="$TMP/run-$round-$name.txt"
      run_wrk "$name" "$RUN_SECONDS" "$out"
      RPS[$name]+="$(rps "$out") "
      P50[$name]+="$(p50_ms "$out") "
      P99[$name]+="$(p99_ms "$out") "
    done
  done
  LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
}

# ---------------------------------------------------------------- report
# report TITLE RESULT_FILE INTRO [EXTRA_LINE…]: the Markdown table on stdout and in RESULT_FILE (relative
# to the repo root), under "# TITLE" and the INTRO paragraph; EXTRA_LINEs are added to the list at the end.
report() {
  local title=$1 file=$2 intro=$3
  shift 3
  local cpu nginx_median name m p q r
  cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
  nginx_median=$(median <<<"${RPS[nginx]}")
  {
    if [[ -n $REPORT_P50 ]]; then
      echo "| target | median req/s | ratio to nginx | median p50 (ms) | median p99 (ms) |"
      echo "| --- | ---: | ---: | ---: | ---: |"
    else
      echo "| target | median req/s | ratio to nginx | median p99 (ms) |"
      echo "| --- | ---: | ---: | ---: |"
    fi
    for name in "${NAMES[@]}"; do
      m=$(median <<<"${RPS[$name]}")
      p=$(median <<<"${P99[$name]}")
      q=$(median <<<"${P50[$name]}")
      awk -v l="${LABEL[$name]}" -v m="$m" -v n="$nginx_median" -v p="$p" -v q="$q" -v with50="$REPORT_P50" \
        'BEGIN {r = m / n; ratio = sprintf(r < 0.1 ? "%.3f" : "%.2f", r)  # small ratios keep a digit
                if (with50 != "") printf "| %s | %.0f | %s | %.2f | %.2f |\n", l, m, ratio, q, p
                else printf "| %s | %.0f | %s | %.2f |\n", l, m, ratio, p}'
    done
    echo
    local timeout=""
    [[ $WRK_TIMEOUT == 2s ]] || timeout=" --timeout $WRK_TIMEOUT"
    echo "Each run: \`wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${RUN_SECONDS}s$timeout --latency\`, $ROUNDS rounds, targets interleaved" \
      "(after ${WARMUP}s of warm-up each); medians over the rounds; wrk, nginx and tsunagu share the same cores."
    echo
    echo "Per run, req/s and p99 (ms), round 1…$ROUNDS:"
    echo
    echo "| target | req/s | p99 (ms) |"
    echo "| --- | --- | --- |"
    for name in "${NAMES[@]}"; do
      r=$(awk '{for (i = 1; i <= NF; i++) printf "%s%.0f", (i > 1 ? ", " : ""), $i}' <<<"${RPS[$name]}")
      q=$(awk '{for (i = 1; i <= NF; i++) printf "%s%s", (i > 1 ? ", " : ""), $i}' <<<"${P99[$name]}")
      echo "| ${LABEL[$name]} | $r | $q |"
    done
    echo
    echo "- machine: $(nproc) CPUs (nproc), ${cpu:-unknown CPU} (/proc/cpuinfo), Linux $(uname -r)"
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER"
    echo "- software: $("$BIN" --version 2>&1 | head -n 1), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk --version 2>&1 | head -n 1 | awk '{print $1, $2}')"
    local line
    for line in "$@"; do echo "- $line"; done
    echo "- command: \`$COMMAND\`"
  } >"$TMP/table.md"

  mkdir -p "$(dirname "$BENCH_ROOT/$file")"
  {
    echo "# $title"
    echo
    echo "$intro"
    echo
    cat "$TMP/table.md"
  } >"$BENCH_ROOT/$file"
  cat "$TMP/table.md"
  echo >&2
  echo "written: $file" >&2
}
