#!/usr/bin/env bash
# profile.sh: where a JVM server's CPU goes per request, under the plain keep-alive load of
# servers.sh, split into the kernel (the system calls), the JDK's NIO layer, the server's own
# code, the rest of the JDK, and the JVM's own threads (JIT compilers, GC).
#
# CPU per request says how much; system calls per request (syscalls.sh) say which calls; this
# says who spends the rest. The profiler is async-profiler (fetched from Maven Central into the
# local Maven repository the first time, tools.profiler:async-profiler): the JDK has no
# profiler that charges kernel time to the Java frame that made the call. It runs in itimer
# mode (CPU time, user and kernel, from the process's own timer), so it needs no perf
# permissions. The server runs pinned to SERVER_CPU and is warmed up for WARMUP seconds; the
# profiler writes one file per SLICE seconds, and the table is made from the slices that fall
# wholly inside the measured DURATION (the warm-up's JIT work stays out).
#
#   jmh/wrk/profile.sh                       # eddy, then netty
#   PEERS="eddy eddy-reuse" EXTRA_PEERS="eddy-reuse=java -jar examples/target/eddy-examples.jar hello --reuse-requests --port {PORT}" jmh/wrk/profile.sh
#
# Environment (defaults in brackets): PEERS [eddy netty] (JVM peers of lib/peers.sh, or
# EXTRA_PEERS)  DURATION [12]  WARMUP [12]  SLICE [4]  CONNS [64]  SERVER_CPU [1]
# CLIENT_CPU [0]  JAVA  JAVA_OPTS  OUT_DIR [jmh/wrk/results/profile-<date>-<time>]
# BASE_PORT [18380]  AP_VERSION [4.2]
#
# Never run by CI. Only 127.0.0.1 is contacted; every process started here is stopped by its PID.
set -u
DURATION=${DURATION:-12}
BASE_PORT=${BASE_PORT:-18380}
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$WRK_DIR/lib/peers.sh"

PEERS=${PEERS:-eddy netty}
WARMUP=${WARMUP:-12}
SLICE=${SLICE:-4}
CONNS=${CONNS:-64}
AP_VERSION=${AP_VERSION:-4.2}
OUT_DIR=${OUT_DIR:-$WRK_DIR/results/profile-$(date +%Y%m%d-%H%M%S)}

ensure_command wrk wrk
ensure_command taskset util-linux
ensure_jars
mkdir -p "$OUT_DIR"

# the profiler's native library, from the async-profiler jar in the local Maven repository
AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar
if [ ! -f "$AP_JAR" ]; then
  log "fetching async-profiler $AP_VERSION from Maven Central"
  mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION" -Dtransitive=false \
    || die "could not fetch tools.profiler:async-profiler:$AP_VERSION"
fi
(cd "$OUT_DIR" && unzip -q -o "$AP_JAR" 'linux-x64/*') || die "no linux-x64 library in $AP_JAR"
AP_LIB=$OUT_DIR/linux-x64/libasyncProfiler.so

categorize() { # collapsed stack files -> the table rows for one server (percent of its CPU samples)
  python3 - "$@" << 'EOF'
import collections, sys
total, parts = 0, collections.Counter()
def part(frames):
    leaf = frames[-1]
    if not any(f.startswith(('dev/eddy/', 'io/netty/')) for f in frames):
        return 'JVM threads (JIT, GC, other)'
    if leaf in ('__GI_write', '__GI_read', '__libc_write', '__libc_read', 'epoll_wait', '__GI_epoll_wait',
                '__libc_writev', '__libc_readv', 'writev', 'readv', 'write', 'read') or leaf.startswith('[k'):
        return 'system calls (kernel)'
    if leaf.startswith(('sun/nio/', 'java/nio/')) or 'Dispatcher' in leaf or 'EPoll' in leaf:
        return 'JDK NIO'
    if leaf.startswith(('dev/eddy/', 'io/netty/')):
        return 'the server\'s own code'
    if leaf.startswith(('java/', 'jdk/', 'sun/')):
        return 'rest of the JDK'
    return 'native, other (vDSO clock, copies)'
for name in sys.argv[1:]:
    for line in open(name):
        stack, n = line.rstrip('\n').rsplit(' ', 1)
        total += int(n)
        parts[part(stack.split(';'))] += int(n)
for name, n in parts.most_common():
    print(f"{name}\t{100 * n / max(total, 1):.1f}")
print(f"samples\t{total}")
EOF
}

echo "| server | CPU µs/request | part | share of its CPU |" > "$OUT_DIR/table.md"
echo "|---|--:|---|--:|" >> "$OUT_DIR/table.md"
for label in $PEERS; do
  is_jvm "$label" || { log "$label is not a JVM server: skipped"; continue; }
  free_port
  cmd=$(peer_command "$label" "$PORT") || { log "no command for $label: skipped"; continue; }
  agent="-agentpath:$AP_LIB=start,event=itimer,interval=200us,loop=${SLICE}s,file=$OUT_DIR/$label-%t.collapsed,collapsed"
  case "$cmd" in   # the built-in peers say `exec $JAVA ...`; an EXTRA_PEERS command may say `java ...`
    "exec $JAVA "*) cmd="exec $JAVA $agent ${cmd#"exec $JAVA "}" ;;
    "java "*) cmd="exec $JAVA $agent ${cmd#java }" ;;
    *) log "$label: its command does not start with java, so the profiler cannot be attached: skipped"; continue ;;
  esac
  log "$label on port $PORT"
  taskset -c "$SERVER_CPU" bash -c "$cmd" > "$OUT_DIR/$label.server.log" 2>&1 &
  pid=$!
  wait_for_url "http://127.0.0.1:$PORT/plaintext" || { stop_tree "$pid"; log "$label did not start"; continue; }
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d"$WARMUP"s http://127.0.0.1:$PORT/plaintext > /dev/null 2>&1
  start=$(date +%s)
  t0=$(tree_cpu_ticks "$pid")
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d"$DURATION"s http://127.0.0.1:$PORT/plaintext > "$OUT_DIR/$label.wrk" 2>&1
  t1=$(tree_cpu_ticks "$pid")
  end=$(date +%s)
  stop_tree "$pid"
  parse_wrk "$OUT_DIR/$label.wrk"
  us=$(awk -v t=$((t1 - t0)) -v hz="$CLK_TCK" -v r="$WRK_REQUESTS" 'BEGIN { printf "%.2f", t / hz * 1e6 / r }')
  # the slices that began after the measured run began and ended before it ended
  slices=()
  for f in "$OUT_DIR/$label"-*.collapsed; do
    [ -f "$f" ] || continue
    stamp=$(basename "$f" .collapsed); stamp=${stamp#"$label"-}
    began=$(date -d "${stamp:0:8} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2}" +%s)
    if [ "$began" -ge "$start" ] && [ $((began + SLICE)) -le "$end" ]; then slices+=("$f"); fi
  done
  [ ${#slices[@]} -gt 0 ] || { log "$label: no profile slice inside the measured run"; continue; }
  categorize "${slices[@]}" | while IFS=$'\t' read -r part share; do
    if [ "$part" = samples ]; then echo "| $label | | profiler samples (one per 200 µs of CPU) | $share |"
    else echo "| $label | $us | $part | $share % |"; fi
  done >> "$OUT_DIR/table.md"
done
{ echo; machine_line; "$JAVA" -version 2>&1 | head -1; } >> "$OUT_DIR/table.md"
cat "$OUT_DIR/table.md"
