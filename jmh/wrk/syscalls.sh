#!/usr/bin/env bash
# syscalls.sh: system calls per request, server side and client side, counted with strace.
#
# CPU time per request is noisy on a busy machine; the system calls a program makes per
# request hardly are, and they say where its kernel time goes (an epoll_ctl per response, a
# read that finds nothing, a select that does not sleep). For each server in PEERS and each
# level in CONCS: the server runs pinned to SERVER_CPU and is warmed up, then `strace -c -f`
# attaches to its whole process tree (every thread) while `wrk -t1 -cN` runs DURATION seconds
# on CLIENT_CPU; the calls are divided by wrk's request count. For each client in CLIENTS, the
# same against one nginx (one worker): the client keeps N requests in flight, strace counts
# its calls over DURATION seconds of its measured phase, and the requests are the nginx
# worker's write calls over the same window (/proc/PID/io syscw: one writev per response).
#
# strace stops a traced thread at every call, so the programs run several times slower while
# counted: the calls made per request stay the same, but how many ready sockets one
# epoll_wait returns grows, so compare epoll_wait per request at one connection (CONCS=1),
# where every request needs a wake-up of its own. TRACER=perf counts with `perf stat` on the
# syscall tracepoints instead (a few syscalls by name and the total), which barely slows them.
#
#   jmh/wrk/syscalls.sh                                  # servers and clients, 1 and 8 in flight
#   SIDES=servers PEERS="eddy c-epoll" CONCS=1 jmh/wrk/syscalls.sh
#   SIDES=clients CLIENTS="eddy netty" TRACER=perf jmh/wrk/syscalls.sh
#   jmh/wrk/syscalls.sh --table jmh/wrk/results/syscalls-DATE     # print a run's tables again
#
# Peers (lib/peers.sh): eddy netty nginx c-epoll jdkhttp ...  Clients: eddy netty jdk jdk-direct
# (dev.eddy.jmh.HttpClientLoad, as clients.sh runs them) and wrk.
#
# Environment (defaults in brackets):
#   SIDES [servers clients]  PEERS [eddy netty nginx c-epoll]  CLIENTS [eddy netty wrk]
#   CONCS connections / requests in flight [1 8]  DURATION counted seconds [5]
#   WARMUP load before counting: JVM peers and clients [10], others [2]
#   TRACER [strace] or perf   SERVER_CPU [1]  CLIENT_CPU [0]  JAVA [$JAVA_HOME/bin/java or java]
#   JAVA_OPTS []  OUT_DIR [jmh/wrk/results/syscalls-<date>-<time>]  BASE_PORT [18280]
#
# Without strace (or perf, with TRACER=perf) it says so and exits without counting. Never run
# by CI. Only 127.0.0.1 is contacted; every process started here is stopped by its PID.
set -u
DURATION=${DURATION:-5}
BASE_PORT=${BASE_PORT:-18280}
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$WRK_DIR/lib/peers.sh"

# the syscalls TRACER=perf counts by name (strace counts every one); the total is counted too
PERF_SYSCALLS="read write readv writev recvfrom sendto recvmsg sendmsg epoll_wait epoll_pwait epoll_ctl
  futex ioctl poll ppoll accept accept4 close setsockopt getsockopt sched_yield mprotect madvise gettid"

render_table() { # results dir -> one markdown table per side and level
  local dir=$1 side conc
  cat "$dir/header.md"
  for side in servers clients; do
    for conc in $(awk -F, -v s="$side" 'NR > 1 && $1 == s { print $3 }' "$dir/results.csv" | sort -nu); do
      echo
      echo "**$side, $conc in flight: system calls per request**"
      echo
      awk -F, -v s="$side" -v c="$conc" '
        NR > 1 && $1 == s && $3 == c {
          if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2; req[$2] = $4 }
          per[$2, $5] = $7
          if ($5 != "total" && $7 >= 0.005) keep[$5] = 1
        }
        END {
          line = "| syscall |"; rule = "|---|"
          for (i = 1; i <= n; i++) { line = line " " order[i] " |"; rule = rule "---:|" }
          print line; print rule
          line = "| requests counted |"
          for (i = 1; i <= n; i++) line = line " " req[order[i]] " |"
          print line
          m = 0
          for (k in keep) {                   # by name (insertion sort: mawk has no asorti)
            for (j = ++m; j > 1 && names[j - 1] > k; j--) names[j] = names[j - 1]
            names[j] = k
          }
          for (j = 1; j <= m; j++) {
            line = "| " names[j] " |"
            for (i = 1; i <= n; i++) line = line " " ((order[i], names[j]) in per ? per[order[i], names[j]] : "") " |"
            print line
          }
          line = "| **total** |"
          for (i = 1; i <= n; i++) line = line " **" per[order[i], "total"] "** |"
          print line
        }' "$dir/results.csv"
    done
  done
  echo
  echo "Calls of the whole process (every thread) over the counted window, divided by the requests"
  echo "answered in it; syscalls under 0.005 per request in every column are left out of the rows"
  echo "(the total counts them). Raw counts: the *.trace files beside results.csv."
}

if [ "${1:-}" = "--table" ]; then
  render_table "${2:?usage: $0 --table RESULTS_DIR}"
  exit 0
fi

TRACER=${TRACER:-strace}
case "$TRACER" in
  strace) command -v strace > /dev/null || { log "strace is missing (apt-get install strace): no system calls counted"; exit 0; } ;;
  perf)
    command -v perf > /dev/null && perf stat -e raw_syscalls:sys_enter -- true > /dev/null 2>&1 \
      || { log "perf cannot count syscall tracepoints here: no system calls counted"; exit 0; } ;;
  *) die "TRACER is strace or perf, not $TRACER" ;;
esac
SIDES=${SIDES:-servers clients}
PEERS=${PEERS:-eddy netty nginx c-epoll}
CLIENTS=${CLIENTS:-eddy netty wrk}
CONCS=${CONCS:-1 8}
OUT_DIR=${OUT_DIR:-$WRK_DIR/results/syscalls-$(date +%Y%m%d-%H%M%S)}

ensure_command wrk wrk
ensure_command curl curl
ensure_command taskset util-linux
case " $PEERS $SIDES " in *" nginx "* | *" clients "*) ensure_command nginx nginx-light ;; esac
ensure_jars
mkdir -p "$OUT_DIR"

CSV=$OUT_DIR/results.csv
echo "side,program,conc,requests,syscall,calls,per_request" > "$CSV"
SERVER_PID=""
CLIENT_PID=""
TRACE_PID=""
cleanup() {
  [ -n "$TRACE_PID" ] && kill -TERM "$TRACE_PID" 2> /dev/null
  [ -n "$CLIENT_PID" ] && stop_tree "$CLIENT_PID"
  [ -n "$SERVER_PID" ] && stop_tree "$SERVER_PID"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_trace OUTFILE PID: counts the calls of every thread of PID's process tree until
# stop_trace. strace: returns once every process is attached (it says so once per process,
# with all its threads).
start_trace() {
  local out=$1 pids=() p i
  for p in $(tree_pids "$2"); do pids+=(-p "$p"); done
  if [ "$TRACER" = strace ]; then
    strace -c -f -o "$out" "${pids[@]}" 2> "$out.attach" &
    TRACE_PID=$!
    for i in $(seq 100); do
      [ "$(grep -c ' attached' "$out.attach" 2> /dev/null)" -ge $((${#pids[@]} / 2)) ] && break
      sleep 0.02
    done
  else                                # perf stat, started disabled, switched on and off through a FIFO
    local events="" s
    for s in $PERF_SYSCALLS; do
      [ -d /sys/kernel/tracing/events/syscalls/sys_enter_$s ] && events="${events}syscalls:sys_enter_$s,"
    done
    rm -f "$out.ctl" "$out.ack"
    mkfifo "$out.ctl" "$out.ack"
    perf stat -e "${events}raw_syscalls:sys_enter" -p "$(tree_pids "$2" | paste -sd,)" -D -1 \
      --control "fifo:$out.ctl,$out.ack" -o "$out" -- sleep 86400 2> /dev/null &
    TRACE_PID=$!
    exec {PERF_CTL}> "$out.ctl" {PERF_ACK}< "$out.ack"
    perf_control enable
  fi
}
perf_control() { echo "$1" >&"$PERF_CTL"; read -r -t 10 _ <&"$PERF_ACK"; }
stop_trace() { # perf stat above times itself with a child sleep: ending the sleep ends it cleanly
  local pid
  if [ "$TRACER" = strace ]; then
    kill -TERM "$TRACE_PID" 2> /dev/null
  else
    perf_control disable
    exec {PERF_CTL}>&- {PERF_ACK}<&-
    for pid in $(tree_pids "$TRACE_PID"); do [ "$pid" != "$TRACE_PID" ] && kill -TERM "$pid" 2> /dev/null; done
  fi
  wait "$TRACE_PID" 2> /dev/null
  TRACE_PID=""
}
# trace_counts FILE -> "syscall calls" lines, and "total N"
trace_counts() {
  if [ "$TRACER" = strace ]; then
    awk '$1 ~ /^[0-9.]+$/ && $4 ~ /^[0-9]+$/ { print $NF, $4 }' "$1"
  else
    awk '$1 ~ /^[0-9,]+$/ && $2 ~ /sys_enter/ { gsub(/,/, "", $1); n = $2
      if (n == "raw_syscalls:sys_enter") n = "total"; else sub(/.*sys_enter_/, "", n); print n, $1 }' "$1"
  fi
}
record() { # SIDE PROGRAM CONC REQUESTS TRACEFILE: one CSV line per syscall
  local side=$1 program=$2 conc=$3 requests=$4
  if [ -z "$requests" ] || [ "$requests" -le 0 ]; then
    log "   $program: no requests counted (see $OUT_DIR)"
    return
  fi
  trace_counts "$5" | awk -v s="$side" -v p="$program" -v c="$conc" -v r="$requests" '
    { printf "%s,%s,%s,%d,%s,%d,%.3f\n", s, p, c, r, $1, $2, $2 / r }' >> "$CSV"
  log "   $program, $conc in flight: $requests requests, $(awk -F, -v p="$program" -v c="$conc" -v s="$side" \
    '$1 == s && $2 == p && $3 == c && $5 == "total" { print $7 }' "$CSV") calls per request"
}

count_server() { # LABEL
  local label=$1 cmd url conc out warm
  free_port
  cmd=$(peer_command "$label" "$PORT") || { log "unknown peer $label (skipped)"; return; }
  url=http://127.0.0.1:$PORT/plaintext
  log "== server $label: $cmd"
  taskset -c "$SERVER_CPU" env -u TLS_CERT -u TLS_KEY bash -c "$cmd" > "$OUT_DIR/$label.server.log" 2>&1 &
  SERVER_PID=$!
  if ! wait_for_url "$url"; then
    log "   $label did not answer on $url (see $OUT_DIR/$label.server.log)"
    stop_tree "$SERVER_PID"; SERVER_PID=""; return
  fi
  warm=${WARMUP:-2}
  is_jvm "$label" && warm=${WARMUP:-10}
  for conc in $CONCS; do
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$conc" -d"$warm"s "$url" > /dev/null 2>&1
    out=$OUT_DIR/server.$label.c$conc
    start_trace "$out.trace" "$SERVER_PID"
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$conc" -d"$DURATION"s "$url" > "$out.wrk.txt" 2>&1
    stop_trace
    parse_wrk "$out.wrk.txt"
    record servers "$label" "$conc" "$WRK_REQUESTS" "$out.trace"
  done
  stop_tree "$SERVER_PID"
  SERVER_PID=""
}

NGINX_PIDS=""
nginx_writes() { # the nginx worker's write calls so far (one writev per response); no fork, so
  local pid key value total=0     # that the window it brackets is the one traced
  for pid in $NGINX_PIDS; do
    while read -r key value; do [ "$key" = syscw: ] && total=$((total + value)); done < /proc/"$pid"/io
  done
  echo "$total"
}

count_client() { # NAME CONC URL
  local name=$1 conc=$2 url=$3 out=$OUT_DIR/client.$1.c$2 w0 w1 i
  log "== client $name, $conc in flight"
  if [ "$name" = wrk ]; then
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$conc" -d$((${WARMUP:-2} + DURATION + 60))s "$url" > "$out.log" 2>&1 &
    CLIENT_PID=$!
    sleep "${WARMUP:-2}"
  else
    taskset -c "$CLIENT_CPU" $JAVA $JAVA_OPTS -cp "$BENCH_JAR" dev.eddy.jmh.HttpClientLoad --url "$url" \
      --conc "$conc" --warmup "${WARMUP:-10}" --seconds $((DURATION + 60)) --clients "$name" > "$out.log" 2>&1 &
    CLIENT_PID=$!
    for i in $(seq $((${WARMUP:-10} * 20 + 600))); do
      grep -q "^PHASE measure" "$out.log" 2> /dev/null && break
      [ -d /proc/"$CLIENT_PID" ] || break
      sleep 0.05
    done
  fi
  if ! [ -d /proc/"$CLIENT_PID" ]; then
    log "   $name did not run (see $out.log)"; CLIENT_PID=""; return
  fi
  start_trace "$out.trace" "$CLIENT_PID"
  nginx_writes > "$out.w0"
  sleep "$DURATION"
  nginx_writes > "$out.w1"
  stop_trace
  w0=$(cat "$out.w0")
  w1=$(cat "$out.w1")
  stop_tree "$CLIENT_PID"
  CLIENT_PID=""
  record clients "$name" "$conc" $((w1 - w0)) "$out.trace"
}

{
  echo "System calls per request, $(date -u '+%Y-%m-%d %H:%M UTC'): $(machine_line)"
  echo
  echo "- JDK: $("$JAVA" -version 2>&1 | head -1); $(nginx -v 2>&1 | sed 's/^nginx version: //'); counted with $TRACER ($($TRACER --version 2>&1 | head -1))"
  echo "- commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2> /dev/null || echo unknown); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- servers pinned to core $SERVER_CPU, load (wrk -t1, or the client) to core $CLIENT_CPU; ${DURATION} s counted per row"
  echo "- command: \`SIDES=\"$SIDES\" PEERS=\"$PEERS\" CLIENTS=\"$CLIENTS\" CONCS=\"$CONCS\" DURATION=$DURATION TRACER=$TRACER jmh/wrk/syscalls.sh\`"
} > "$OUT_DIR/header.md"

case " $SIDES " in *" servers "*)
  for peer in $PEERS; do count_server "$peer"; done ;;
esac
case " $SIDES " in *" clients "*)
  free_port
  nginx_config "$OUT_DIR/nginx" "$PORT"
  taskset -c "$SERVER_CPU" nginx -c "$OUT_DIR/nginx/nginx.conf" -e "$OUT_DIR/nginx/error.log" > "$OUT_DIR/nginx.log" 2>&1 &
  SERVER_PID=$!
  wait_for_url "http://127.0.0.1:$PORT/plaintext" || die "nginx did not answer (see $OUT_DIR/nginx)"
  NGINX_PIDS=$(tree_pids "$SERVER_PID")
  for conc in $CONCS; do
    for client in $CLIENTS; do count_client "$client" "$conc" "http://127.0.0.1:$PORT/plaintext"; done
  done
  stop_tree "$SERVER_PID"
  SERVER_PID="" ;;
esac
render_table "$OUT_DIR" | tee "$OUT_DIR/table.md"
log "results: $OUT_DIR"
