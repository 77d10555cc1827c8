#!/usr/bin/env bash
# clients.sh: Eddy's HTTP client beside Netty's and the JDK's, against one nginx.
#
# The server stays the same (nginx, one worker, pinned to SERVER_CPU, GET /plaintext ->
# "Hello, World!") and the client changes. Each client runs in a process of its own, pinned to
# CLIENT_CPU: dev.eddy.jmh.HttpClientLoad from jmh/target/benchmarks.jar keeps exactly CONC
# requests in flight over CONC keep-alive connections, checks every body, warms up, then measures.
# Per client: requests/s, client CPU per request (the client process's own CPU time over the
# measured window), latency p50/p99 per request, errors (a wrong body is an error), nginx's CPU per
# request, the client's threads and RSS. wrk, a lean C client that checks no body, is the
# reference row. Prints a markdown table; raw files go to OUT_DIR.
#
# With TLS=1 nginx serves HTTPS, TLS 1.3 only, with the throwaway certificate servers.sh uses
# (made in jmh/wrk/tls-test-only/ when missing), and every client fetches https:// trusting that
# certificate as its only CA (HttpClientLoad --cacert), verifying the host name, with its own TLS
# stack: Eddy's TlsTransport, Netty's SslHandler on the JDK's SSLEngine, the JDK client's. The
# connections are kept alive, so handshakes happen in the warm-up; the measured window is the
# cost of encrypting and decrypting requests and responses.
#
#   jmh/wrk/clients.sh                                       # eddy netty jdk-direct jdk wrk, 64 in flight
#   CLIENTS="eddy netty" DURATION=3 WARMUP=3 jmh/wrk/clients.sh       # a quick check
#   TLS=1 jmh/wrk/clients.sh                                 # the same over HTTPS
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java jmh/wrk/clients.sh   # the same on another JDK
#   jmh/wrk/clients.sh --table jmh/wrk/results/clients-DATE          # print a run's table again
#
# Clients:
#   eddy        dev.eddy.http.client.HttpClient on one IOLoop
#   netty       a raw Netty 4.2 client: one NIO event loop, HttpClientCodec + HttpObjectAggregator
#   jdk         java.net.http.HttpClient, HTTP/1.1, sendAsync, its default executor
#   jdk-direct  the same with executor(Runnable::run): completions stay on its selector thread
#   wrk         wrk -t1 (C; no body check): what a lean client costs, the reference
#
# Environment (defaults in brackets):
#   CLIENTS [eddy netty jdk-direct jdk wrk]  CONCS in-flight levels [64]  DURATION measured s [10]
#   WARMUP s [15]: a JVM client compiles on the core it is measured on
#   TLS=1 serves and fetches HTTPS; TLS_CERT, TLS_KEY (PEM; default: the throwaway pair above)
#   SERVER_CPU [1]  CLIENT_CPU [0]  JAVA [$JAVA_HOME/bin/java or java]  JAVA_OPTS []
#   SAVE_AS FILE also writes the results as chart data (docs/charts/data/clients-*.csv)
#   OUT_DIR [jmh/wrk/results/clients-<date>-<time>]  BASE_PORT [18180]  REBUILD=1 rebuilds the jars
#
# Never run by CI. Only 127.0.0.1 is contacted; nginx and every client are stopped by their PIDs.
set -u
BASE_PORT=${BASE_PORT:-18180}
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

render_table() { # results dir -> markdown
  local dir=$1
  cat "$dir/header.md"
  echo
  echo "| client | in flight | req/s | client CPU µs/req | p50 µs | p99 µs | errors | nginx CPU µs/req | client threads | client RSS MiB | client core % |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$dir/results.csv" | while IFS=, read -r client conc rps us p50 p99 errors alloc nginx threads rss core; do
    echo "| $client | $conc | $rps | $us | $p50 | $p99 | $errors | $nginx | $threads | $rss | $core |"
  done
  echo
  echo "client CPU: the client process's user + system time over the measured window, per request;"
  echo "every body is checked (a wrong one counts as an error), except wrk's. Eddy's loop thread"
  echo "allocates the B/request given in results.csv (loop_alloc_b_per_req)."
}

if [ "${1:-}" = "--table" ]; then
  render_table "${2:?usage: $0 --table RESULTS_DIR}"
  exit 0
fi

CLIENTS=${CLIENTS:-eddy netty jdk-direct jdk wrk}
CONCS=${CONCS:-64}
WARMUP=${WARMUP:-15}
OUT_DIR=${OUT_DIR:-$WRK_DIR/results/clients-$(date +%Y%m%d-%H%M%S)}

ensure_command nginx nginx-light
ensure_command curl curl
ensure_command taskset util-linux
case " $CLIENTS " in *" wrk "*) ensure_command wrk wrk ;; esac
ensure_jars
mkdir -p "$OUT_DIR"

NGINX_PID=""
CLIENT_PID=""
cleanup() {
  [ -n "$CLIENT_PID" ] && stop_tree "$CLIENT_PID"
  [ -n "$NGINX_PID" ] && stop_tree "$NGINX_PID"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SCHEME=http
TLS_FLAG=()   # check_peer.py's
CA_FLAG=()    # HttpClientLoad's
CURL_FLAG=()
if [ -n "${TLS:-}" ]; then
  [ -n "${TLS_CERT:-}" ] && [ -n "${TLS_KEY:-}" ] || make_test_cert "$WRK_DIR/tls-test-only"
  SCHEME=https TLS_FLAG=(--tls) CA_FLAG=(--cacert "$TLS_CERT") CURL_FLAG=(--cacert "$TLS_CERT")
fi
free_port
URL=$SCHEME://127.0.0.1:$PORT/plaintext
if [ "$SCHEME" = https ]; then nginx_config "$OUT_DIR/nginx" "$PORT" "$TLS_CERT" "$TLS_KEY"
else nginx_config "$OUT_DIR/nginx" "$PORT"; fi
taskset -c "$SERVER_CPU" nginx -c "$OUT_DIR/nginx/nginx.conf" -e "$OUT_DIR/nginx/error.log" > "$OUT_DIR/nginx.log" 2>&1 &
NGINX_PID=$!
wait_for_url "$URL" "${CURL_FLAG[@]}" || die "nginx did not answer on $URL (see $OUT_DIR/nginx)"
check=$(python3 "$WRK_DIR/lib/check_peer.py" "$PORT" "${TLS_FLAG[@]}") || die "nginx answers wrongly: $check"
log "nginx on $URL: $check"

wait_for_line() { # FILE TEXT SECONDS: until FILE has a line starting with TEXT
  local i
  for i in $(seq $(($3 * 20))); do
    grep -q "^$2" "$1" 2> /dev/null && return 0
    [ -n "$CLIENT_PID" ] && [ ! -d /proc/"$CLIENT_PID" ] && return 1
    sleep 0.05
  done
  return 1
}

CSV=$OUT_DIR/results.csv
echo "client,conc,req_per_s,client_cpu_us_per_req,p50_us,p99_us,errors,loop_alloc_b_per_req,nginx_cpu_us_per_req,client_threads,client_rss_mib,client_core_pct" > "$CSV"

run_java_client() { # NAME CONC
  local name=$1 conc=$2 out=$OUT_DIR/$1.c$2.txt n0 n1 k0 k1 threads rss line requests_line
  taskset -c "$CLIENT_CPU" $JAVA $JAVA_OPTS -cp "$BENCH_JAR" dev.eddy.jmh.HttpClientLoad --url "$URL" \
    --conc "$conc" --warmup "$WARMUP" --seconds "$DURATION" --clients "$name" "${CA_FLAG[@]}" > "$out" 2>&1 &
  CLIENT_PID=$!
  if ! wait_for_line "$out" "PHASE measure" $((WARMUP + 60)); then
    log "   $name did not start measuring (see $out)"
    echo "$name,$conc,,,,,did not run,,,,," >> "$CSV"
    stop_tree "$CLIENT_PID"; CLIENT_PID=""; return
  fi
  n0=$(tree_cpu_ticks "$NGINX_PID"); k0=$(core_ticks "$CLIENT_CPU")
  # threads and RSS in the measured window (the process ends soon after it)
  threads=$(tree_threads "$CLIENT_PID")
  rss=$(( $(tree_rss_kb "$CLIENT_PID") / 1024 ))
  wait_for_line "$out" "PHASE done" $((DURATION + 60))
  n1=$(tree_cpu_ticks "$NGINX_PID"); k1=$(core_ticks "$CLIENT_CPU")
  wait_for_line "$out" "CSV " 30
  stop_tree "$CLIENT_PID"
  CLIENT_PID=""
  line=$(sed -n 's/^CSV //p' "$out")
  [ -n "$line" ] || { log "   $name printed no result (see $out)"; echo "$name,$conc,,,,,no result,,,,," >> "$CSV"; return; }
  IFS=, read -r _ rps us p50 p99 errors alloc <<< "$line"
  nginx_us=$(awk -v c=$((n1 - n0)) -v hz="$CLK_TCK" -v r="$rps" -v s="$DURATION" 'BEGIN { if (r > 0) printf "%.2f", c / hz * 1e6 / (r * s) }')
  [ "$alloc" = -1 ] && alloc=""
  echo "$name,$conc,$rps,$us,$p50,$p99,$errors,$alloc,$nginx_us,$threads,$rss,$(busy_percent "$k0" "$k1")" >> "$CSV"
  log "   $name: $rps req/s, $us µs CPU/req, p50 $p50 µs, p99 $p99 µs, errors $errors"
}

run_wrk_client() { # CONC: wrk for WARMUP s, then measured for DURATION s with its CPU from /proc
  local conc=$1 out=$OUT_DIR/wrk.c$1.txt c0 c1 n0 n1 k0 k1 rps p50 p99 errors us nginx_us threads rss
  WRK_CONNECTIONS=$conc taskset -c "$CLIENT_CPU" wrk -t1 -c"$conc" -d"$WARMUP"s -s "$WRK_DIR/lib/plain.lua" "$URL" > /dev/null 2>&1
  WRK_CONNECTIONS=$conc taskset -c "$CLIENT_CPU" wrk -t1 -c"$conc" -d"$DURATION"s -s "$WRK_DIR/lib/plain.lua" "$URL" > "$out" 2>&1 &
  CLIENT_PID=$!
  sleep 0.2
  c0=$(tree_cpu_ticks "$CLIENT_PID"); n0=$(tree_cpu_ticks "$NGINX_PID"); k0=$(core_ticks "$CLIENT_CPU")
  threads=$(tree_threads "$CLIENT_PID")
  rss=$(( $(tree_rss_kb "$CLIENT_PID") / 1024 ))
  # wrk's own CPU: read just before it exits (the last sample while it still runs)
  while [ -d /proc/"$CLIENT_PID" ] && ! grep -q '^LATENCY' "$out" 2> /dev/null; do
    c1=$(tree_cpu_ticks "$CLIENT_PID"); n1=$(tree_cpu_ticks "$NGINX_PID"); k1=$(core_ticks "$CLIENT_CPU")
    sleep 0.1
  done
  wait "$CLIENT_PID" 2> /dev/null
  CLIENT_PID=""
  parse_wrk "$out"
  rps=$WRK_RPS p50=$WRK_P50_US p99=$WRK_P99_US errors=$WRK_ERRORS
  us=$(awk -v c=$((c1 - c0)) -v hz="$CLK_TCK" -v r="$rps" -v s="$DURATION" 'BEGIN { if (r > 0) printf "%.2f", c / hz * 1e6 / (r * (s - 0.3)) }')
  nginx_us=$(awk -v c=$((n1 - n0)) -v hz="$CLK_TCK" -v r="$rps" -v s="$DURATION" 'BEGIN { if (r > 0) printf "%.2f", c / hz * 1e6 / (r * (s - 0.3)) }')
  echo "wrk,$conc,${rps:-0},$us,$p50,$p99,${errors:-0},,$nginx_us,$threads,$rss,$(busy_percent "$k0" "$k1")" >> "$CSV"
  log "   wrk: ${rps:-0} req/s, $us µs CPU/req (body not checked)"
}

{
  echo "Clients against nginx, $(date -u '+%Y-%m-%d %H:%M UTC'): $(machine_line)"
  echo
  echo "- JDK: $("$JAVA" -version 2>&1 | head -1); nginx: $(nginx -v 2>&1 | sed 's/^nginx version: //')"
  echo "- commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2> /dev/null || echo unknown); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  [ "$SCHEME" = https ] && echo "- HTTPS: TLS 1.3, certificate $(openssl x509 -noout -subject -in "$TLS_CERT" | sed 's/^subject=//') ($(openssl x509 -noout -text -in "$TLS_CERT" | awk '/Public Key Algorithm/ { print $4; exit }')), trusted by every client as its CA; wrk: $(ldd "$(command -v wrk)" | awk '/libssl/ { print $1 }')"
  echo "- nginx (one worker) pinned to core $SERVER_CPU, the client to core $CLIENT_CPU; warm-up ${WARMUP} s, measured ${DURATION} s"
  echo "- command: \`${TLS:+TLS=1 }CLIENTS=\"$CLIENTS\" CONCS=\"$CONCS\" DURATION=$DURATION WARMUP=$WARMUP jmh/wrk/clients.sh\`"
} > "$OUT_DIR/header.md"
for conc in $CONCS; do
  for client in $CLIENTS; do
    log "== $client, $conc in flight"
    if [ "$client" = wrk ]; then run_wrk_client "$conc"; else run_java_client "$client" "$conc"; fi
  done
done
render_table "$OUT_DIR" | tee "$OUT_DIR/table.md"
log "results: $OUT_DIR"
save_chart_data "$CSV" clients.sh
