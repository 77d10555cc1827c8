# common.sh: what servers.sh and clients.sh share. Sourced, not run.
#
# Process helpers act on one process tree, found from its root PID through
# /proc/PID/task/*/children, and stop it by those PIDs only. Only 127.0.0.1 is ever used.

WRK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$WRK_DIR/../.." && pwd)
CLK_TCK=$(getconf CLK_TCK)
PAGE_KB=$(($(getconf PAGESIZE) / 1024))

# the settings both scripts share (see their headers)
DURATION=${DURATION:-10}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
JAVA_OPTS=${JAVA_OPTS:-}

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 1; }

# ensure_command COMMAND DEBIAN_PACKAGE: installs the package when the command is missing.
# These scripts are run by people, never by CI; apt-get needs root.
ensure_command() {
  command -v "$1" > /dev/null && return 0
  log "$1 is missing: apt-get install $2"
  [ "$(id -u)" = 0 ] || die "install $2 (Debian package) first"
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq || true; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" > /dev/null || die "could not install $2"
}

# ensure_jars: builds examples/target/eddy-examples.jar and jmh/target/benchmarks.jar when missing
# (REBUILD=1 builds them anyway).
EXAMPLES_JAR=$REPO_DIR/examples/target/eddy-examples.jar
BENCH_JAR=$REPO_DIR/jmh/target/benchmarks.jar
ensure_jars() {
  if [ -n "${REBUILD:-}" ] || [ ! -f "$EXAMPLES_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
    log "building the jars: mvn -B -q package -DskipTests"
    (cd "$REPO_DIR" && mvn -B -q package -DskipTests) || die "build failed"
  fi
}

# make_test_cert DIR: a throwaway self-signed EC P-256 certificate for localhost and 127.0.0.1,
# TEST ONLY (the folder is git-ignored; never reuse the key anywhere). Sets TLS_CERT, TLS_KEY.
make_test_cert() {
  local dir=$1
  TLS_CERT=$dir/cert.pem
  TLS_KEY=$dir/key.pem
  [ -s "$TLS_CERT" ] && [ -s "$TLS_KEY" ] && return 0
  mkdir -p "$dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$TLS_KEY" -out "$TLS_CERT" 2> /dev/null || die "openssl could not make a test certificate"
  log "made a TEST-ONLY certificate in $dir"
}

# free_port: the first port from NEXT_PORT up with nothing bound to it (sets PORT).
NEXT_PORT=${BASE_PORT:-18080}
free_port() {
  while ss -Htan "( sport = :$NEXT_PORT )" 2> /dev/null | grep -q .; do NEXT_PORT=$((NEXT_PORT + 1)); done
  PORT=$NEXT_PORT
  NEXT_PORT=$((NEXT_PORT + 1))
}

tree_pids() { # PID -> the PID and all its descendants
  [ -d "/proc/$1" ] || return 0
  echo "$1"
  local child
  for child in $(cat /proc/"$1"/task/*/children 2> /dev/null); do tree_pids "$child"; done
}
tree_cpu_ticks() { # PID -> user + system clock ticks of the whole tree, every thread
  local total=0 pid ticks
  for pid in $(tree_pids "$1"); do
    # fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the command name
    ticks=$(sed 's/^.*) //' /proc/"$pid"/stat 2> /dev/null | awk '{ print $12 + $13 }')
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}
tree_rss_kb() { # PID -> resident set size of the whole tree, KiB (from /proc/PID/statm)
  local total=0 pid pages
  for pid in $(tree_pids "$1"); do
    pages=$(awk '{ print $2 }' /proc/"$pid"/statm 2> /dev/null)
    total=$((total + ${pages:-0} * PAGE_KB))
  done
  echo "$total"
}
tree_threads() { # PID -> threads of the whole tree
  local total=0 pid
  for pid in $(tree_pids "$1"); do
    total=$((total + $(ls /proc/"$pid"/task 2> /dev/null | wc -l)))
  done
  echo "$total"
}
stop_tree() { # PID: TERM every process of the tree, KILL what is left after 5 s
  local pids pid i alive
  pids=$(tree_pids "$1")
  [ -n "$pids" ] || return 0
  for pid in $pids; do kill -TERM "$pid" 2> /dev/null; done
  for i in $(seq 50); do
    alive=0
    for pid in $pids; do
      [ -d /proc/"$pid" ] && ! grep -q '^State:.*Z' /proc/"$pid"/status 2> /dev/null && alive=1
    done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in $pids; do kill -KILL "$pid" 2> /dev/null; done
  wait "$1" 2> /dev/null
  return 0
}

core_ticks() { # CPU NUMBER -> "busy total" clock ticks of that core from /proc/stat
  awk -v cpu="cpu$1" '$1 == cpu { for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat
}
busy_percent() { # "busy0 total0" "busy1 total1" -> % of the core that was busy in between
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
    if (y[2] > x[2]) printf "%.0f", (y[1] - x[1]) * 100 / (y[2] - x[2]) }'
}

# wait_for_url URL [curl options...]: up to STARTUP_TIMEOUT seconds for any HTTP answer
wait_for_url() {
  local url=$1 i
  shift
  for i in $(seq $((${STARTUP_TIMEOUT:-30} * 10))); do
    curl -s -m 1 -o /dev/null "$@" "$url" 2> /dev/null && return 0
    sleep 0.1
  done
  return 1
}

# nginx_config RUN_DIR PORT [CERT KEY]: writes RUN_DIR/nginx.conf from peers/nginx.conf.in
nginx_config() {
  local run_dir=$1 port=$2 cert=${3:-} key=${4:-} listen_tls="" tls_lines=""
  mkdir -p "$run_dir"
  if [ -n "$cert" ]; then
    listen_tls=ssl
    tls_lines="ssl_certificate $cert; ssl_certificate_key $key; ssl_protocols TLSv1.3;"
  fi
  sed -e "s|@RUN_DIR@|$run_dir|g" -e "s|@PORT@|$port|g" -e "s|@LISTEN_TLS@|$listen_tls|" \
    -e "s|@TLS_LINES@|$tls_lines|" "$WRK_DIR/peers/nginx.conf.in" > "$run_dir/nginx.conf"
}

machine_line() { # one line naming the machine, for the header of a results table
  local model
  model=$(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -1)
  echo "${model:-unknown CPU}, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release 2> /dev/null; echo "${PRETTY_NAME:-Linux}"), kernel $(uname -r)"
}

# parse_wrk FILE: what one wrk run printed (with lib/latency.lua) -> WRK_REQUESTS, WRK_RPS,
# WRK_P50_US, WRK_P99_US (latency as measured) and WRK_ERRORS (empty when none). servers.sh's
# fullhs load writes the same "requests in" and "Requests/sec" lines, and "Errors:" lines.
parse_wrk() {
  WRK_REQUESTS=$(awk '/requests in/ { print $1 }' "$1")
  WRK_RPS=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$1")
  WRK_P50_US=$(awk '/^LATENCY/ { for (i = 2; i <= NF; i++) if ($i ~ /^p50=/) print substr($i, 5) }' "$1")
  WRK_P99_US=$(awk '/^LATENCY/ { for (i = 2; i <= NF; i++) if ($i ~ /^p99=/) print substr($i, 5) }' "$1")
  WRK_ERRORS=$(awk '/Socket errors|Non-2xx|^Errors:/ { sub(/^ */, ""); gsub(/,/, ""); printf "%s ", $0 }' "$1")
}

# save_chart_data CSV SCRIPT: when SAVE_AS names a file, the results with a first line naming
# date, machine, JDK and script: the chart data of docs/performance.md (jmh/tools/charts.py)
save_chart_data() {
  [ -n "${SAVE_AS:-}" ] || return 0
  { echo "# $(date -u +%Y-%m-%d), $(machine_line | cut -d, -f1-2), $("$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2), jmh/wrk/$2"
    cat "$1"; } > "$SAVE_AS"
  log "chart data: $SAVE_AS"
}
