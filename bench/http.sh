#!/usr/bin/env bash
# HTTP throughput/latency benchmark: tsunagu against nginx serving a static file, in the same run.
#
#   bench/http.sh [BINARY]          # from the repo root; BINARY defaults to build/tsunagu
#
# Environment:
#   BENCH_SECONDS   duration of each measured wrk run (default 10)
#   BENCH_ROUNDS    rounds; each round runs every target once, in the same order (default 3)
#   BENCH_WARMUP    seconds of unrecorded warm-up per target before round 1 (default 3)
#
# Everything lives in a fresh temp dir (SQLite DB, nginx config and docroot, logs) that is removed on exit,
# success or failure. Only 127.0.0.1 is used. Results: printed as Markdown and written to
# bench/results/http-latest.md.
#
# Why a Lua script on every wrk run: wrk's own "Non-2xx or 3xx responses" counter only counts statuses
# >= 400, so a 303 to /login (what an expired or missing session gets) would pass unnoticed. The script
# counts every status outside 200-299; any such response, any socket error (connect/read/write/timeout)
# or a server that died during a run fails the benchmark.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-build/tsunagu}
RUN_SECONDS=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-3}
WRK_THREADS=2
WRK_CONNECTIONS=64
# The command as it was typed, for the report (only the variables that change the result).
COMMAND="BENCH_SECONDS=$RUN_SECONDS BENCH_ROUNDS=$ROUNDS $0${1:+ $(printf '%q' "$1")}"

die() {
  echo "bench/http.sh: error: $*" >&2
  exit 1
}

[[ $RUN_SECONDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive integer, got '$RUN_SECONDS'"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer, got '$ROUNDS'"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a non-negative integer, got '$WARMUP'"
for tool in wrk nginx curl awk; do
  command -v "$tool" >/dev/null || die "'$tool' not found (Debian packages: wrk, nginx-light, curl, gawk/mawk)"
done
[[ -x $BIN ]] || die "tsunagu binary '$BIN' not found or not executable (build it, or pass its path)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-bench.XXXXXX")
NGINX_PID=""
TSUNAGU_PID=""
WRK_PID=""

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
  if [[ $rc -ne 0 ]]; then
    for log in "$TMP/tsunagu.err" "$TMP/nginx/error.log" "$TMP/nginx.err"; do
      if [[ -s $log ]]; then
        echo "--- last lines of $(basename "$log"):" >&2
        tail -n 20 "$log" >&2
      fi
    done
  fi
  stop_pid "$WRK_PID"
  stop_pid "$TSUNAGU_PID"
  stop_pid "$NGINX_PID"
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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

NGINX_V=$(nginx -V 2>&1)
temp_paths=""
for m in client_body proxy fastcgi uwsgi scgi; do
  [[ $m == client_body ]] || ! grep -q -- "--without-http_${m}_module" <<<"$NGINX_V" || continue
  temp_paths+="  ${m}_temp_path $TMP/nginx/${m}_temp;"$'\n'
done

start_nginx() {
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
  wait_http "http://127.0.0.1:$NGINX_PORT/static.html" "$NGINX_PID"
}
started=""
for _ in 1 2 3 4 5; do
  if start_nginx; then
    started=yes
    break
  fi
  stop_pid "$NGINX_PID"
  NGINX_PID=""
done
[[ -n $started ]] || die "nginx did not start (see its log above)"

# ---------------------------------------------------------------- tsunagu: DB, user, session, token
DB="sqlite://$TMP/bench.db"
LOGIN=bench
PASSWORD=bench-password-$RANDOM$RANDOM
"$BIN" migrate --db "$DB" >/dev/null
echo "$PASSWORD" | "$BIN" user add "$LOGIN" --role center_staff --prefecture 35 --db "$DB" >/dev/null
TOKEN=$("$BIN" token create "$LOGIN" --db "$DB")
[[ -n $TOKEN ]] || die "tsunagu token create printed nothing"

# The access log (one JSON line per request on stdout) goes to a file, as it would in production.
"$BIN" serve --db "$DB" --listen 127.0.0.1:0 >"$TMP/tsunagu-access.log" 2>"$TMP/tsunagu.err" &
TSUNAGU_PID=$!
TSUNAGU_PORT=""
for _ in $(seq 100); do
  TSUNAGU_PORT=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$TMP/tsunagu.err")
  [[ -n $TSUNAGU_PORT ]] && break
  kill -0 "$TSUNAGU_PID" 2>/dev/null || die "tsunagu serve exited at startup"
  sleep 0.1
done
[[ -n $TSUNAGU_PORT ]] || die "tsunagu serve did not report its port"
TS="http://127.0.0.1:$TSUNAGU_PORT"
wait_http "$TS/healthz" "$TSUNAGU_PID" || die "tsunagu /healthz did not answer"

# Log in like a browser: GET /login (form cookie + hidden _csrf), POST /login, keep tsunagu_session.
CSRF=$(curl -fs -c "$TMP/jar" "$TS/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
[[ -n $CSRF ]] || die "no _csrf field in GET /login"
curl -fs -o /dev/null -D "$TMP/login.headers" -b "$TMP/jar" -c "$TMP/jar" \
  --data-urlencode "_csrf=$CSRF" --data-urlencode "login=$LOGIN" --data-urlencode "password=$PASSWORD" "$TS/login"
SESSION=$(tr -d '\r' <"$TMP/login.headers" | sed -n 's/^[Ss]et-[Cc]ookie: tsunagu_session=\([^;]*\).*/\1/p' | head -n 1)
[[ -n $SESSION ]] || die "POST /login set no tsunagu_session cookie: $(head -n 1 "$TMP/login.headers")"

# ---------------------------------------------------------------- targets
NAMES=(nginx healthz page api)
declare -A LABEL URL HEADER
LABEL[nginx]="nginx static file (~200 B)"
URL[nginx]="http://127.0.0.1:$NGINX_PORT/static.html"
HEADER[nginx]=""
LABEL[healthz]="tsunagu GET /healthz"
URL[healthz]="$TS/healthz"
HEADER[healthz]=""
LABEL[page]="tsunagu GET / (session cookie)"
URL[page]="$TS/"
HEADER[page]="Cookie: tsunagu_session=$SESSION"
LABEL[api]="tsunagu GET /api/v1/me (bearer)"
URL[api]="$TS/api/v1/me"
HEADER[api]="Authorization: Bearer $TOKEN"

# Every target must answer 200 before it is measured (a 303 to /login would make a fast, false figure).
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

# run_wrk NAME SECONDS OUTFILE: one wrk run, checked; exits the script on any error response.
run_wrk() {
  local name=$1 secs=$2 out=$3
  local args=(-t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${secs}s" --latency -s "$TMP/count.lua")
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

# p99 from wrk's "Latency Distribution" block, in milliseconds.
p99_ms() {
  awk '$1 == "99%" {
    v = $2; u = v; sub(/^[0-9.]+/, "", u); n = substr(v, 1, length(v) - length(u)) + 0
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f\n", n
  }' "$1"
}
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
if [[ $WARMUP -gt 0 ]]; then
  echo "warming up (${WARMUP}s per target)…" >&2
  for name in "${NAMES[@]}"; do run_wrk "$name" "$WARMUP" "$TMP/warmup-$name.txt"; done
fi

declare -A RPS P99
for round in $(seq "$ROUNDS"); do
  for name in "${NAMES[@]}"; do
    echo "round $round/$ROUNDS: ${LABEL[$name]} (${RUN_SECONDS}s)…" >&2
    out="$TMP/run-$round-$name.txt"
    run_wrk "$name" "$RUN_SECONDS" "$out"
    RPS[$name]+="$(rps "$out") "
    P99[$name]+="$(p99_ms "$out") "
  done
done

# ---------------------------------------------------------------- report
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
NGINX_MEDIAN=$(median <<<"${RPS[nginx]}")
{
  echo "| target | median req/s | ratio to nginx | median p99 (ms) |"
  echo "| --- | ---: | ---: | ---: |"
  for name in "${NAMES[@]}"; do
    m=$(median <<<"${RPS[$name]}")
    p=$(median <<<"${P99[$name]}")
    awk -v l="${LABEL[$name]}" -v m="$m" -v n="$NGINX_MEDIAN" -v p="$p" \
      'BEGIN {printf "| %s | %.0f | %.2f | %.2f |\n", l, m, m / n, p}'
  done
  echo
  echo "Each run: \`wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${RUN_SECONDS}s --latency\`, $ROUNDS rounds, targets interleaved" \
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
  echo "- machine: $(nproc) CPUs (nproc), ${CPU:-unknown CPU} (/proc/cpuinfo), Linux $(uname -r)"
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER"
  echo "- software: $("$BIN" --version 2>&1 | head -n 1), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk --version 2>&1 | head -n 1 | awk '{print $1, $2}')"
  echo "- command: \`$COMMAND\`"
} >"$TMP/table.md"

mkdir -p "$ROOT/bench/results"
{
  echo "# HTTP benchmark: latest run"
  echo
  echo "Written by \`bench/http.sh\`; see docs/performance.md for what is measured and why."
  echo
  cat "$TMP/table.md"
} >"$ROOT/bench/results/http-latest.md"
cat "$TMP/table.md"
echo >&2
echo "written: bench/results/http-latest.md" >&2
