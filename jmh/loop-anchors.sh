#!/usr/bin/env bash
# loop-anchors.sh: the loop internals (callbacks, timers, futures) of Eddy beside Netty's event
# loop and the JDK's executors, ScheduledThreadPoolExecutor and CompletableFuture, in one JMH run
# per JDK (same jar, same JVM, same minute), then the table of docs/performance.md and the data
# of its chart.
#
#   jmh/loop-anchors.sh                      # JDK 17 (java on PATH), then JDK 25 when installed
#   JAVAS="java" JMH_OPTS="-f 1 -wi 1 -w 1s -i 2 -r 1s -prof gc" jmh/loop-anchors.sh   # a quick look
#
# Environment: JAVAS, the java commands to run in turn [java, and temurin-25's when present];
# JMH_OPTS [-f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc]; OUT_DIR [jmh/results]; DATA_DIR
# [docs/charts/data]. Writes OUT_DIR/loop-DATE-jdkNN.{txt,json} and DATA_DIR/loop-internals-jdkNN.csv, then prints
# the table (jmh/tools/loop_table.py). Redraw the charts with python3 jmh/tools/charts.py.
# Run nothing else meanwhile: the benchmarks use both cores of a 2-core machine.
set -eu
JMH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$JMH_DIR")
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JAVAS=${JAVAS:-java$( [ -x $JDK25 ] && echo " $JDK25")}
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc}
OUT_DIR=${OUT_DIR:-$JMH_DIR/results}
DATA_DIR=${DATA_DIR:-$REPO_DIR/docs/charts/data}
BENCHMARKS='dev.eddy.jmh.(LoopCallbacks|Timers|Futures)Benchmark'
DATE=$(date -u +%Y-%m-%d)
[ -f "$JMH_DIR/target/benchmarks.jar" ] || (cd "$REPO_DIR" && mvn -B -q package -DskipTests)
mkdir -p "$OUT_DIR"
for java in $JAVAS; do
  feature=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')
  base=$OUT_DIR/loop-$DATE-jdk$feature
  {
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $java -jar jmh/target/benchmarks.jar '$BENCHMARKS' $JMH_OPTS"
    "$java" -version 2>&1 | sed 's/^/# /'
    # shellcheck disable=SC2086
    "$java" -jar "$JMH_DIR/target/benchmarks.jar" "$BENCHMARKS" $JMH_OPTS -rf json -rff "$base.json" 2>&1
  } | tee "$base.txt"
  csv=$DATA_DIR/loop-internals-jdk$feature.csv
  python3 "$JMH_DIR/tools/loop_table.py" "$base.json" --csv "$csv.tmp"
  { echo "# $DATE, $(lscpu | sed -n 's/^Model name: *//p') $(nproc) CPUs, $("$java" -version 2>&1 | head -1 | cut -d'"' -f2), one JMH run (jmh/loop-anchors.sh)"; cat "$csv.tmp"; } > "$csv"
  rm -f "$csv.tmp"
done
