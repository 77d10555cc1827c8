#!/usr/bin/env bash
# servers.sh: Eddy's HTTP server beside its peers, end to end, with wrk.
#
# Every peer answers GET /plaintext with "Hello, World!". For each one in turn: start it pinned
# to SERVER_CPU, check it answers correctly (the body, and 16 pipelined requests all answered),
# warm it up, then measure each mode with wrk pinned to CLIENT_CPU:
#   plain  wrk -t1 -c64 -d10s, one request at a time per connection
#   pipe   the same with 16 requests per write (lib/pipeline.lua), TechEmpower's plaintext shape
#   close  one request per connection (lib/close.lua sends `Connection: close`, wrk reconnects):
#          the cost of accepting and closing; over HTTPS a TLS 1.3 handshake per request, resumed
#          from the session ticket wrk kept for that connection slot
#   fullhs (-tls peers only) FULLHS_PROCS processes of `openssl s_time -new -tls1_3 -www
#          /plaintext`, all on the client core: a new connection and a FULL handshake
#          (certificate, signature, key exchange) per request, no resumption. req/s = connections /
#          window and no latency. The client pays about as much per handshake as the server, so
#          the one client core is the limit: compare server CPU µs per handshake, not req/s
# and record requests/s, raw latency p50/p99 (lib/latency.lua undoes wrk's coordinated-omission
# correction), the server's CPU time per request and share of a core (/proc/PID/stat over its
# whole process tree), how busy the server's and the client's cores were (/proc/stat), and the
# server's RSS. Prints a markdown table; raw files go to OUT_DIR. close and fullhs first run
# HS_WARMUP seconds of their own load: keep-alive warm-up never runs the handshake code.
#
#   jmh/wrk/servers.sh                                   # every peer installed, plain and pipe
#   PEERS="eddy netty" DURATION=3 WARMUP=3 jmh/wrk/servers.sh      # a quick check
#   TLS=1 jmh/wrk/servers.sh                             # adds netty-tls and nginx-tls (HTTPS)
#   TLS=1 PEERS="" MODES="plain close fullhs" jmh/wrk/servers.sh    # handshakes: HTTPS peers only
#   jmh/wrk/servers.sh --table jmh/wrk/results/servers-DATE        # print a run's table again
#
# Peers (a label ending in -tls is served over HTTPS, TLS 1.3):
#   eddy      java -jar examples/target/eddy-examples.jar hello (one loop)
#   netty     dev.eddy.jmh.peers.NettyHelloServer: Netty 4.2, HttpServerCodec, NIO, one event loop
#   jdkhttp   dev.eddy.jmh.peers.JdkHelloServer: com.sun.net.httpserver, 2 handler threads
#   nginx     Debian's nginx, one worker, `return 200` (installed with apt-get when missing)
#   node      Node's http module (when node is installed)
#   tornado   Tornado on one IOLoop (when /usr/bin/python3 has tornado: apt-get install python3-tornado)
#   c-epoll   peers/c-epoll.c (built with cc): a single-threaded epoll responder in C, the floor
#             (not in the default list: PEERS="eddy netty nginx c-epoll")
#   netty-tls, nginx-tls; eddy-tls when EDDY_TLS_ARGS gives hello's TLS options, e.g.
#             EDDY_TLS_ARGS='--cert {CERT} --key {KEY}'
#   EXTRA_PEERS='label=command with {PORT} {CERT} {KEY};label2=...'  any other server
#   (the commands are in lib/peers.sh)
#
# Environment (defaults in brackets):
#   PEERS [eddy netty nginx jdkhttp, then node and tornado when installed]
#   MODES [plain pipe]; any of plain pipe close fullhs (fullhs is skipped for plain-HTTP peers)
#   TLS=1 adds the -tls peers; TLS_CERT, TLS_KEY (PEM; default: a throwaway self-signed pair that
#         this script makes in jmh/wrk/tls-test-only/, git-ignored, TEST ONLY)
#   DURATION measured seconds per mode [10]   WARMUP plain load before measuring [15 for JVM peers,
#   5 otherwise]   PIPE_WARMUP pipelined load before the pipe mode [3]   CONNS [64]  PIPELINE [16]
#   HS_WARMUP load of the same mode before close and fullhs [5]   FULLHS_PROCS [8]
#   SERVER_CPU [1]  CLIENT_CPU [0]  JAVA [$JAVA_HOME/bin/java or java]  JAVA_OPTS (JVM peers) []
#   SAVE_AS FILE also writes the results as chart data (docs/charts/data/servers-*.csv)
#   OUT_DIR [jmh/wrk/results/servers-<date>-<time>]  BASE_PORT [18080]  REBUILD=1 rebuilds the jars
#
# Never run by CI. Only 127.0.0.1 is contacted; every server started here is stopped by its PIDs.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$WRK_DIR/lib/peers.sh"

render_table() { # results dir -> markdown
  local dir=$1
  cat "$dir/header.md"
  echo
  echo "| server | mode | req/s | p50 ms | p99 ms | server CPU µs/req | server CPU % | server core % | client core % | RSS MiB idle → after | bytes/response | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  tail -n +2 "$dir/results.csv" | while IFS=, read -r peer mode rps p50 p99 us cpu score ccore rss0 rss1 bytes errors; do
    echo "| $peer | $mode | $rps | $p50 | $p99 | $us | $cpu | $score | $ccore | $rss0 → $rss1 | $bytes | $errors |"
  done
  echo
  echo "p50/p99: latency as measured (wrk's coordinated-omission correction undone by lib/latency.lua); in"
  echo "pipe mode one sample per batch of $PIPELINE. server CPU: the server's process tree, user + system, over"
  echo "the measured window (100 % = one core). A server whose core is well below 100 % while the client's"
  echo "is near 100 % is limited by wrk, not by itself: compare CPU µs/req then."
  if grep -q ',close,' "$dir/results.csv"; then
    echo
    echo "close: one request per connection (\`Connection: close\`); over HTTPS each one a TLS 1.3 handshake"
    echo "resumed from wrk's session ticket. Its latency starts after connect and handshake."
  fi
  if grep -q ',fullhs,' "$dir/results.csv"; then
    echo
    echo "fullhs: a new connection and a full TLS 1.3 handshake per request (\`openssl s_time -new\`, no"
    echo "latency). The client core is the limit; server CPU µs/req is the server's cost of one full handshake."
  fi
}

PIPELINE=${PIPELINE:-16}
if [ "${1:-}" = "--table" ]; then
  render_table "${2:?usage: $0 --table RESULTS_DIR}"
  exit 0
fi

DEFAULT_PEERS="eddy netty nginx jdkhttp"
command -v node > /dev/null && DEFAULT_PEERS="$DEFAULT_PEERS node"
/usr/bin/python3 -c 'import tornado' 2> /dev/null && DEFAULT_PEERS="$DEFAULT_PEERS tornado"
PEERS=${PEERS-$DEFAULT_PEERS}
MODES=${MODES:-plain pipe}
JVM_WARMUP=${WARMUP:-15}
OTHER_WARMUP=${WARMUP:-5}
PIPE_WARMUP=${PIPE_WARMUP:-3}
HS_WARMUP=${HS_WARMUP:-5}
FULLHS_PROCS=${FULLHS_PROCS:-8}
CONNS=${CONNS:-64}
OUT_DIR=${OUT_DIR:-$WRK_DIR/results/servers-$(date +%Y%m%d-%H%M%S)}
EDDY_TLS_ARGS=${EDDY_TLS_ARGS:-}
EXTRA_PEERS=${EXTRA_PEERS:-}
if [ -n "${TLS:-}" ]; then
  PEERS="$PEERS netty-tls nginx-tls"
  [ -n "$EDDY_TLS_ARGS" ] && PEERS="eddy-tls $PEERS"
  PEERS=$(tr ' ' '\n' <<< "$PEERS" | awk 'NF && !seen[$0]++' | xargs) # each label once
fi

ensure_command wrk wrk
ensure_command curl curl
ensure_command taskset util-linux
case " $PEERS " in *" nginx"*) ensure_command nginx nginx-light ;; esac
case " $MODES " in *" fullhs "*) ensure_command openssl openssl ;; esac
ensure_jars
if [[ " $PEERS " == *-tls* ]] && { [ -z "${TLS_CERT:-}" ] || [ -z "${TLS_KEY:-}" ]; }; then
  make_test_cert "$WRK_DIR/tls-test-only"
fi
TLS_CERT=${TLS_CERT:-}
TLS_KEY=${TLS_KEY:-}
mkdir -p "$OUT_DIR"

run_load() { # URL MODE SECONDS OUTFILE: the mode's load, pinned to the client core
  local script=plain.lua
  case "$2" in
    fullhs) run_full_handshakes "$1" "$3" "$4"; return ;;
    pipe) script=pipeline.lua ;;
    close) script=close.lua ;;
  esac
  WRK_CONNECTIONS=$CONNS WRK_PIPELINE=$PIPELINE taskset -c "$CLIENT_CPU" \
    wrk -t1 -c"$CONNS" -d"$3"s --timeout 5s -s "$WRK_DIR/lib/$script" "$1" > "$4" 2>&1
}
# run_full_handshakes URL SECONDS OUTFILE: FULLHS_PROCS `openssl s_time -new` at once, each
# connecting, doing a full TLS 1.3 handshake and one HTTP/1.0 GET (read to the close) again and
# again for SECONDS. Writes their output and, for parse_wrk, wrk's "requests in" and
# "Requests/sec" lines (connections over the wall time of the whole group) and an "Errors:" line
# when a process failed (s_time stops at its first failed connection).
run_full_handshakes() {
  local address=${1#https://} dir i t0 t1 failed=0 pids=()
  address=${address%%/*}
  dir=$(mktemp -d "$OUT_DIR/fullhs.XXXXXX")
  t0=$(date +%s%N)
  for i in $(seq "$FULLHS_PROCS"); do
    taskset -c "$CLIENT_CPU" openssl s_time -connect "$address" -new -tls1_3 -www /plaintext \
      -time "$2" > "$dir/$i.txt" 2>&1 &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || failed=$((failed + 1)); done
  t1=$(date +%s%N)
  { grep -h 'real seconds' "$dir"/*.txt
    awk -v t0="$t0" -v t1="$t1" '/real seconds/ { n += $1 }
      END { s = (t1 - t0) / 1e9; printf "  %d requests in %.2fs (one full handshake each)\nRequests/sec: %.2f\n", n, s, n / s }' "$dir"/*.txt
    [ "$failed" = 0 ] || echo "Errors: $failed of $FULLHS_PROCS s_time processes failed"
    awk '/real seconds/ && $(NF - 4) + 0 == 0 { n++ } END { if (n) print "Errors: " n " s_time processes read no response" }' "$dir"/*.txt
  } > "$3"
  rm -rf "$dir"
}
warm_up() { # URL MODE SECONDS: in chunks of at most 5 s, logging each chunk's rate (the JIT's curve)
  local left=$3 chunk
  while [ "$left" -gt 0 ]; do
    chunk=$((left < 5 ? left : 5))
    run_load "$1" "$2" "$chunk" "$OUT_DIR/warmup.tmp"
    log "   warm-up $2 ${chunk}s: $(awk '/^Requests\/sec/ { printf "%.0f req/s", $2 }' "$OUT_DIR/warmup.tmp")"
    left=$((left - chunk))
  done
  rm -f "$OUT_DIR/warmup.tmp"
}

CSV=$OUT_DIR/results.csv
echo "server,mode,req_per_s,p50_ms,p99_ms,server_cpu_us_per_req,server_cpu_pct,server_core_pct,client_core_pct,rss_idle_mib,rss_after_mib,bytes_per_response,errors" > "$CSV"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && stop_tree "$SERVER_PID"' EXIT
trap 'exit 130' INT TERM

run_peer() { # LABEL
  local label=$1 port cmd url scheme=http tls_flag=() curl_flag=() mode out bytes rss0 rss1 check
  local t0 t1 c0 c1 s0 s1 k0 k1 secs requests rps p50 p99 errors cpu us
  [[ $label == *-tls ]] && { scheme=https; tls_flag=(--tls); curl_flag=(-k); }
  free_port
  port=$PORT
  cmd=$(peer_command "$label" "$port") || { log "unknown peer $label (skipped)"; return; }
  url=$scheme://127.0.0.1:$port/plaintext
  log "== $label: $cmd"
  echo "$cmd" > "$OUT_DIR/$label.cmd"
  # a -tls peer finds its key material in TLS_CERT and TLS_KEY; env execs bash, bash execs the
  # server, so $! is the server's PID
  local tls_env=(env -u TLS_CERT -u TLS_KEY)
  [ "$scheme" = https ] && tls_env=(env "TLS_CERT=$TLS_CERT" "TLS_KEY=$TLS_KEY")
  taskset -c "$SERVER_CPU" "${tls_env[@]}" bash -c "$cmd" > "$OUT_DIR/$label.server.log" 2>&1 &
  SERVER_PID=$!
  if ! wait_for_url "$url" "${curl_flag[@]}"; then
    log "   $label did not answer on $url (see $OUT_DIR/$label.server.log)"
    for mode in $MODES; do echo "$label,$mode,,,,,,,,,,,did not start" >> "$CSV"; done
    stop_tree "$SERVER_PID"; SERVER_PID=""; return
  fi
  if ! check=$(python3 "$WRK_DIR/lib/check_peer.py" "$port" "${tls_flag[@]}" --depth "$PIPELINE"); then
    log "   $label answers wrongly: $check"
    for mode in $MODES; do echo "$label,$mode,,,,,,,,,,,wrong answer" >> "$CSV"; done
    stop_tree "$SERVER_PID"; SERVER_PID=""; return
  fi
  log "   $check"
  bytes=$(curl -s -i "${curl_flag[@]}" "$url" | wc -c)
  rss0=$(tree_rss_kb "$SERVER_PID")
  if is_jvm "$label"; then warm_up "$url" plain "$JVM_WARMUP"; else warm_up "$url" plain "$OTHER_WARMUP"; fi
  for mode in $MODES; do
    if [ "$mode" = fullhs ] && [ "$scheme" = http ]; then continue; fi # a handshake needs TLS
    case "$mode" in
      pipe) warm_up "$url" pipe "$PIPE_WARMUP" ;;
      close | fullhs) warm_up "$url" "$mode" "$HS_WARMUP" ;;
    esac
    out=$OUT_DIR/$label.$mode.wrk.txt
    c0=$(tree_cpu_ticks "$SERVER_PID"); s0=$(core_ticks "$SERVER_CPU"); k0=$(core_ticks "$CLIENT_CPU"); t0=$(date +%s%N)
    run_load "$url" "$mode" "$DURATION" "$out"
    c1=$(tree_cpu_ticks "$SERVER_PID"); s1=$(core_ticks "$SERVER_CPU"); k1=$(core_ticks "$CLIENT_CPU"); t1=$(date +%s%N)
    rss1=$(tree_rss_kb "$SERVER_PID")
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    parse_wrk "$out"
    requests=$WRK_REQUESTS rps=$WRK_RPS errors=$WRK_ERRORS
    p50=$(awk -v us="$WRK_P50_US" 'BEGIN { if (us != "") printf "%.3f", us / 1000 }')
    p99=$(awk -v us="$WRK_P99_US" 'BEGIN { if (us != "") printf "%.3f", us / 1000 }')
    cpu=$(awk -v c=$((c1 - c0)) -v hz="$CLK_TCK" -v s="$secs" 'BEGIN { printf "%.0f", c / hz / s * 100 }')
    us=$(awk -v c=$((c1 - c0)) -v hz="$CLK_TCK" -v n="${requests:-0}" 'BEGIN { if (n > 0) printf "%.2f", c / hz * 1e6 / n }')
    echo "$label,$mode,${rps:-0},$p50,$p99,$us,$cpu,$(busy_percent "$s0" "$s1"),$(busy_percent "$k0" "$k1"),$((rss0 / 1024)),$((rss1 / 1024)),$bytes,${errors:-0}" >> "$CSV"
    log "   $mode: ${rps:-0} req/s, p50 $p50 ms, p99 $p99 ms, $us µs CPU/req, server CPU $cpu %${errors:+, errors: $errors}"
  done
  stop_tree "$SERVER_PID"
  SERVER_PID=""
}

{
  echo "Servers, $(date -u '+%Y-%m-%d %H:%M UTC'): $(machine_line)"
  echo
  echo "- JDK: $("$JAVA" -version 2>&1 | head -1)"
  echo "- commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2> /dev/null || echo unknown); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- server pinned to core $SERVER_CPU, \`wrk -t1 -c$CONNS\` to core $CLIENT_CPU; ${DURATION} s per mode; warm-up ${JVM_WARMUP} s (JVM) / ${OTHER_WARMUP} s; pipe = $PIPELINE requests per write"
  case " $MODES " in *" close "* | *" fullhs "*)
    echo "- close and fullhs: ${HS_WARMUP} s of the same load first; fullhs: $FULLHS_PROCS x \`openssl s_time -new -tls1_3 -www /plaintext\` ($(openssl version | cut -d' ' -f1-2))" ;;
  esac
  echo "- command: \`PEERS=\"$PEERS\" MODES=\"$MODES\" DURATION=$DURATION jmh/wrk/servers.sh\`"
} > "$OUT_DIR/header.md"
for peer in $PEERS; do run_peer "$peer"; done
render_table "$OUT_DIR" | tee "$OUT_DIR/table.md"
log "results: $OUT_DIR"
save_chart_data "$CSV" servers.sh
