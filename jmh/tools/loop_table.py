#!/usr/bin/env python3
"""Loop internals, Eddy beside its anchors: reads the JSON that JMH writes (-rf json) for
LoopCallbacksBenchmark, TimersBenchmark and FuturesBenchmark and prints one markdown row per
operation: Eddy, Netty and the JDK, ns and bytes allocated per operation (bytes need -prof gc).

usage: loop_table.py RESULT.json [--csv OUT.csv]
The CSV is what charts.py draws the loop-internals chart from (docs/charts/data/loop-internals.csv).
"""
import argparse
import csv
import json
import sys

# (operation, Eddy benchmark, Netty benchmark, JDK benchmark, what the JDK column is)
# A benchmark is "Class.method" or "Class.method:param=value".
OPERATIONS = [
    ("callback added on the loop thread, run next turn",
     "LoopCallbacksBenchmark.eddy_sameThreadExecute", "LoopCallbacksBenchmark.netty_sameThreadExecute",
     "LoopCallbacksBenchmark.arrayDeque_inline", "ArrayDeque inline (floor)"),
    ("callback handed over from another thread",
     "LoopCallbacksBenchmark.eddy_execute", "LoopCallbacksBenchmark.netty_execute",
     "LoopCallbacksBenchmark.tpe_execute", "single-thread executor"),
    ("timer scheduled 1 h ahead and cancelled, on its thread",
     "TimersBenchmark.eddy_scheduleCancel_onLoop", "TimersBenchmark.netty_scheduleCancel_onLoop",
     "TimersBenchmark.stpe_scheduleCancel_onWorker", "ScheduledThreadPoolExecutor"),
    ("future + 1 listener + complete, on the loop",
     "FuturesBenchmark.eddy_promise_onLoop:n=1", "FuturesBenchmark.netty_promise_onLoop:n=1",
     "FuturesBenchmark.cf_thenRun_complete:n=1", "CompletableFuture"),
    ("future + 10 listeners + complete, on the loop",
     "FuturesBenchmark.eddy_promise_onLoop:n=10", "FuturesBenchmark.netty_promise_onLoop:n=10",
     "FuturesBenchmark.cf_thenRun_complete:n=10", "CompletableFuture"),
    ("chain of 10 maps, then complete the head",
     "FuturesBenchmark.eddy_mapChain10", None, "FuturesBenchmark.cf_mapChain10", "CompletableFuture"),
]


def load(path):
    """{"Class.method[:k=v...]": (ns/op, error, B/op or None)}"""
    results = {}
    for run in json.load(open(path)):
        name = ".".join(run["benchmark"].split(".")[-2:])
        params = run.get("params") or {}
        key = name + "".join(f":{k}={v}" for k, v in sorted(params.items()))
        primary = run["primaryMetric"]
        alloc = (run.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
        results[key] = (float(primary["score"]), float(primary["scoreError"]),  # "NaN" for one iteration
                        float(alloc["score"]) if alloc else None)
    return results


def cell(result):
    if result is None:
        return "–"
    ns, err, b = result
    text = f"{ns:,.1f} ± {err:,.1f} ns" if err == err else f"{ns:,.1f} ns"  # err != err: NaN
    return text + (f", {b:,.0f} B" if b is not None else "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("json")
    parser.add_argument("--csv")
    args = parser.parse_args()
    results = load(args.json)
    print("| operation (per op) | Eddy | Netty 4.2 | JDK | Eddy ÷ Netty |")
    print("|---|---|---|---|---:|")
    rows = []
    for op, eddy, netty, jdk, jdk_what in OPERATIONS:
        e = results.get(eddy)
        n = results.get(netty) if netty else None
        j = results.get(jdk)
        ratio = f"{e[0] / n[0]:.2f}×" if e and n else "–"
        print(f"| {op} | {cell(e)} | {cell(n)} | {jdk_what}: {cell(j)} | {ratio} |")
        rows.append([op, *(r[0] if r else "" for r in (e, n, j)),
                     *("" if r is None or r[2] is None else round(r[2], 1) for r in (e, n, j)), jdk_what])
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["operation", "eddy_ns", "netty_ns", "jdk_ns", "eddy_b", "netty_b", "jdk_b", "jdk_what"])
            w.writerows(rows)
        print(f"\n(written: {args.csv})", file=sys.stderr)


if __name__ == "__main__":
    main()
