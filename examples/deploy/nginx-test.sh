#!/usr/bin/env bash
# Eddy behind nginx, tested: nginx (the Debian package's binary, its own prefix and config in a
# temporary directory, listening on 127.0.0.1 only) in front of two `hello` processes over TCP
# and two over Unix-domain sockets. A bounded load goes through each front; the script checks
# that both processes of each pair served requests, and that the client address each process
# saw is the real one: the address the request came from (127.0.0.2 to 127.0.0.5), read from
# X-Forwarded-For because nginx is a trusted proxy, and never what a client wrote itself.
#
#   bash examples/deploy/nginx-test.sh          (after mvn package: needs examples/target/eddy-examples.jar)
#
# Needs nginx, curl and java on the PATH. Runs as any user: nginx's master keeps the user it
# was started as (as root, its workers drop to nobody, so the sockets and the directory are
# made reachable for them). Everything started here is stopped by its PID on exit.
# Exit status 0 when every check passed.
set -euo pipefail
cd "$(dirname "$0")/../.."

JAR=${JAR:-examples/target/eddy-examples.jar}
REQUESTS=${REQUESTS:-200}            # per front (TCP, Unix): spread over four source addresses
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
for tool in "$NGINX" curl java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "nginx-test: $tool not found" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "nginx-test: $JAR not found (run mvn package first)" >&2; exit 2; }

TMP=$(mktemp -d /tmp/eddy-nginx.XXXXXX)
chmod 755 "$TMP"                     # nginx's workers (nobody, under a root master) reach the sockets here
PIDS=()
NGINX_PID=
cleanup() {
  set +e
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
  echo "nginx-test: FAILED: $*" >&2
  for f in "$TMP"/*.out "$TMP"/error.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
  exit 1
}

# A port nobody listens on right now (a connect to it is refused).
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  fail "no free port found"
}

# Starts `hello ARGS` with its output in $TMP/NAME.out and waits (30 s at most) for its
# "listening on" line; sets HELLO_AT to where it listens (not a $(...) subshell: the process
# must be this shell's child, for its PID and its wait).
start_hello() {
  local name=$1; shift
  ( umask 000; exec java -Xmx64m -jar "$JAR" hello "$@" >"$TMP/$name.out" 2>&1 ) &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    if grep -q "hello: listening on" "$TMP/$name.out" 2>/dev/null; then
      HELLO_AT=$(sed -n 's/^hello: listening on \([^ ]*\) .*/\1/p' "$TMP/$name.out")
      return
    fi
    kill -0 "${PIDS[-1]}" 2>/dev/null || fail "$name exited before it listened"
    sleep 0.1
  done
  fail "$name did not listen within 30 s"
}

# Two processes over TCP trusting nginx's address; two over Unix sockets trusting their peers.
start_hello tcp-a --port 0 --trust-proxy 127.0.0.1; TCP_A=$HELLO_AT
start_hello tcp-b --port 0 --trust-proxy 127.0.0.1; TCP_B=$HELLO_AT
start_hello unix-a --unix "$TMP/a.sock" --trust-proxy unix
start_hello unix-b --unix "$TMP/b.sock" --trust-proxy unix
FRONT_TCP=$(free_port)
FRONT_UNIX=$(free_port)

# The configuration: the shape of docs/11-beyond-one-loop.md's example, with this run's paths and ports.
cat >"$TMP/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/error.log warn;
events { worker_connections 256; }
http {
    access_log $TMP/access.log;
    client_body_temp_path $TMP/client_body;
    proxy_temp_path $TMP/proxy;
    fastcgi_temp_path $TMP/fastcgi;
    uwsgi_temp_path $TMP/uwsgi;
    scgi_temp_path $TMP/scgi;

    upstream hello_tcp {
        server $TCP_A;
        server $TCP_B;
        keepalive 16;
    }
    upstream hello_unix {
        server unix:$TMP/a.sock;
        server unix:$TMP/b.sock;
        keepalive 16;
    }
    map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }

    server {
        listen 127.0.0.1:$FRONT_TCP;
        location / {
            proxy_pass http://hello_tcp;
            include $TMP/proxy.conf;
        }
    }
    server {
        listen 127.0.0.1:$FRONT_UNIX;
        location / {
            proxy_pass http://hello_unix;
            include $TMP/proxy.conf;
        }
    }
}
EOF
cat >"$TMP/proxy.conf" <<'EOF'
proxy_http_version 1.1;
proxy_set_header Connection $connection_upgrade;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Host $host;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_next_upstream error timeout;
EOF
"$NGINX" -t -q -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/error.log" || fail "nginx rejected the configuration"
"$NGINX" -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/error.log" >"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$FRONT_TCP/plaintext" && break
  kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx exited"
  sleep 0.1
done

# The load: REQUESTS per front, from four source addresses in turn, kept alive by curl (many
# URLs in one run); each answer names the client the server saw and the process that answered.
# Every client also writes an X-Forwarded-For of its own, which must not be believed.
load() {
  local front=$1 out=$2 per=$((REQUESTS / 4)) source urls
  : >"$out"
  for source in 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5; do
    urls=()
    for _ in $(seq 1 "$per"); do urls+=("http://127.0.0.1:$front/whoami"); done
    curl -sS --fail --max-time 30 --interface "$source" -H "X-Forwarded-For: 6.6.6.6" "${urls[@]}" \
      | sed "s/^/source=$source /" >>"$out" || fail "a request through 127.0.0.1:$front from $source failed"
  done
}

check() {
  local label=$1 out=$2 pid_a=$3 pid_b=$4 answered wrong by_a by_b
  answered=$(grep -c . "$out" || true)
  [ "$answered" -eq $(((REQUESTS / 4) * 4)) ] || fail "$label: $answered answers, expected $(((REQUESTS / 4) * 4))"
  wrong=$(awk '{ split($1, s, "="); split($2, c, "="); if (s[2] != c[2]) print }' "$out" | head -n 3)
  [ -z "$wrong" ] || fail "$label: the server saw another client than the real one: $wrong"
  by_a=$(grep -c " pid=$pid_a\$" "$out" || true)
  by_b=$(grep -c " pid=$pid_b\$" "$out" || true)
  [ "$by_a" -gt 0 ] && [ "$by_b" -gt 0 ] || fail "$label: both processes must serve (got $by_a and $by_b)"
  echo "nginx-test: $label: $answered requests, clients seen as sent (127.0.0.2-5), split $by_a / $by_b"
}

load "$FRONT_TCP" "$TMP/tcp.answers"
check "nginx -> TCP" "$TMP/tcp.answers" "${PIDS[0]}" "${PIDS[1]}"
load "$FRONT_UNIX" "$TMP/unix.answers"
check "nginx -> Unix socket" "$TMP/unix.answers" "${PIDS[2]}" "${PIDS[3]}"

# Straight to a process, not through nginx: the header is a client's word, and is ignored.
direct=$(curl -sS --max-time 10 --interface 127.0.0.3 -H "X-Forwarded-For: 6.6.6.6" "http://$TCP_A/whoami")
case "$direct" in
  "client=127.0.0.3 "*) echo "nginx-test: straight to a process from 127.0.0.3, X-Forwarded-For ignored" ;;
  *) fail "a client that is not the proxy was believed: $direct" ;;
esac

# Shut down: nginx first, then SIGTERM to each process, which drains and exits.
kill -QUIT "$NGINX_PID"; wait "$NGINX_PID" || true; NGINX_PID=
for pid in "${PIDS[@]}"; do kill -TERM "$pid"; done
for pid in "${PIDS[@]}"; do
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "hello $pid did not exit within 10 s of SIGTERM"
done
if grep -l "Exception" "$TMP"/*.out >/dev/null 2>&1; then fail "a process logged an exception"; fi
PIDS=()
echo "nginx-test: passed"
