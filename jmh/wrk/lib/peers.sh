# peers.sh: the servers servers.sh and syscalls.sh run, by label. Sourced after common.sh, not run.
#
# peer_command LABEL PORT prints the command that serves GET /plaintext on 127.0.0.1:PORT in the
# foreground (run by bash -c; it execs, so the PID started is the server's). It reads the
# caller's OUT_DIR (nginx's files, the c-epoll binary), and for -tls labels TLS_CERT, TLS_KEY
# and EDDY_TLS_ARGS; EXTRA_PEERS adds labels of the caller's own.
#
#   eddy      java -jar examples/target/eddy-examples.jar hello (one loop)
#   netty     dev.eddy.jmh.peers.NettyHelloServer: Netty 4.2, HttpServerCodec, NIO, one event loop
#   jdkhttp   dev.eddy.jmh.peers.JdkHelloServer: com.sun.net.httpserver, 2 handler threads
#   nginx     Debian's nginx, one worker, `return 200`
#   c-epoll   peers/c-epoll.c, built with cc into OUT_DIR: the fewest system calls a
#             single-threaded epoll server makes (a reference, not a server)
#   node, tornado, and the -tls labels: see servers.sh

peer_command() { # LABEL PORT -> the command that serves it in the foreground (run by bash -c)
  local base=${1%-tls} port=$2 extra
  case "$base" in
    eddy)
      extra=""
      [[ $1 == *-tls ]] && extra=$(sed "s|{CERT}|$TLS_CERT|g; s|{KEY}|$TLS_KEY|g" <<< " $EDDY_TLS_ARGS")
      echo "exec $JAVA $JAVA_OPTS -jar $EXAMPLES_JAR hello --port $port$extra" ;;
    netty) echo "exec $JAVA $JAVA_OPTS -cp $BENCH_JAR dev.eddy.jmh.peers.NettyHelloServer $port 1" ;;
    jdkhttp) echo "exec $JAVA $JAVA_OPTS -cp $BENCH_JAR dev.eddy.jmh.peers.JdkHelloServer $port 2" ;;
    nginx)
      if [[ $1 == *-tls ]]; then nginx_config "$OUT_DIR/nginx-$port" "$port" "$TLS_CERT" "$TLS_KEY"
      else nginx_config "$OUT_DIR/nginx-$port" "$port"; fi
      echo "exec nginx -c $OUT_DIR/nginx-$port/nginx.conf -e $OUT_DIR/nginx-$port/error.log" ;;
    c-epoll)
      [[ $1 == *-tls ]] && return 1                 # plain HTTP only
      build_c_epoll || return 1
      echo "exec $OUT_DIR/c-epoll $port" ;;
    node) echo "exec node $WRK_DIR/peers/node-hello.js $port" ;;
    tornado) echo "exec /usr/bin/python3 $WRK_DIR/peers/tornado-hello.py $port" ;;
    *)
      extra=$(tr ';' '\n' <<< "${EXTRA_PEERS:-}" | awk -v l="$1" 'index($0, l "=") == 1 { print substr($0, length(l) + 2) }')
      [ -n "$extra" ] || return 1
      echo "$extra" | sed "s|{PORT}|$port|g; s|{CERT}|${TLS_CERT:-}|g; s|{KEY}|${TLS_KEY:-}|g" ;;
  esac
}
is_jvm() { case "${1%-tls}" in eddy | netty | jdkhttp) return 0 ;; node | tornado | nginx | c-epoll) return 1 ;; *) return 0 ;; esac; }

build_c_epoll() { # -> OUT_DIR/c-epoll, compiled once per run (needs cc)
  [ -x "$OUT_DIR/c-epoll" ] && return 0
  command -v cc > /dev/null || { log "c-epoll needs a C compiler (apt-get install gcc)"; return 1; }
  cc -O2 -o "$OUT_DIR/c-epoll" "$WRK_DIR/peers/c-epoll.c" >&2 || { log "c-epoll did not compile"; return 1; }
}
