package dev.eddy.http;

import dev.eddy.LatencyHistogram;
import dev.eddy.LoopStats;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@link StatsHandler}'s figures in the Prometheus text exposition format, version 0.0.4,
 * written by hand: for each metric a {@code # HELP} line, a {@code # TYPE} line, then one
 * sample per loop (label {@code loop}) or server (label {@code server}). Counters end in
 * {@code _total}; durations are in seconds, as Prometheus wants; the two latency histograms
 * have a cumulative {@code _bucket} per bound ({@code le}), then {@code _sum} and
 * {@code _count}. Label values are escaped (backslash, double quote, newline), as are HELP
 * texts (backslash, newline). A pure function of the snapshots.
 */
final class PrometheusText {

    private static final double NANOS_PER_SECOND = 1e9;

    private PrometheusText() {
    }

    static String write(List<StatsSnapshots.LoopSnapshot> loops, List<StatsSnapshots.ServerSnapshot> servers) {
        StringBuilder out = new StringBuilder(4096 + 4096 * loops.size());
        loopCounter(out, loops, "eddy_loop_iterations_total", "Loop iterations: callbacks, timers, select, IO events.",
                LoopStats::iterations);
        loopCounter(out, loops, "eddy_loop_callbacks_total", "Callbacks run on the loop.", LoopStats::callbacksRun);
        loopCounter(out, loops, "eddy_loop_timers_fired_total", "Timers fired on the loop.", LoopStats::timersRun);
        loopCounter(out, loops, "eddy_loop_io_events_total", "Ready channels dispatched to their handlers.",
                LoopStats::ioEvents);
        loopSeconds(out, loops, "eddy_loop_select_seconds_total", "counter", "Time spent waiting in select.",
                LoopStats::selectNanos);
        loopSeconds(out, loops, "eddy_loop_busy_seconds_total", "counter",
                "Time spent running callbacks, timers and handlers.", LoopStats::busyNanos);
        loopGauge(out, loops, "eddy_loop_callbacks_pending", "Callbacks queued and not yet run.",
                LoopStats::callbacksPending);
        loopGauge(out, loops, "eddy_loop_timers_pending", "Timers scheduled and not yet fired.",
                LoopStats::timersPending);
        loopCounter(out, loops, "eddy_loop_blocked_episodes_total",
                "Times the watchdog found the loop stuck in one callback past its threshold.",
                LoopStats::blockedEpisodes);
        loopSeconds(out, loops, "eddy_loop_timer_lag_worst_seconds", "gauge",
                "The latest a timer has run after its deadline.", LoopStats::worstTimerLagNanos);
        loopHistogram(out, loops, "eddy_loop_timer_lag_seconds", "How late timers ran after their deadlines.",
                LoopStats::timerLag);
        loopHistogram(out, loops, "eddy_loop_iteration_busy_seconds",
                "How long each loop iteration was busy (everything but select).", LoopStats::iterationBusy);

        serverMetric(out, servers, "eddy_http_connections_open", "gauge", "Open HTTP connections.",
                HttpServerStats::openConnections);
        serverMetric(out, servers, "eddy_http_connections_accepted_total", "counter", "HTTP connections accepted.",
                HttpServerStats::connectionsAccepted);
        serverMetric(out, servers, "eddy_http_requests_total", "counter", "HTTP request heads parsed.",
                HttpServerStats::requests);
        responses(out, servers);
        serverMetric(out, servers, "eddy_http_handler_errors_total", "counter",
                "Handlers that threw or whose future failed (each answered 500).", HttpServerStats::handlerErrors);
        serverMetric(out, servers, "eddy_http_protocol_errors_total", "counter",
                "Requests the server refused itself: malformed, too large or too slow.",
                HttpServerStats::protocolErrors);
        serverMetric(out, servers, "eddy_http_received_bytes_total", "counter", "Bytes read from HTTP clients.",
                HttpServerStats::bytesIn);
        serverMetric(out, servers, "eddy_http_sent_bytes_total", "counter", "Bytes written to HTTP clients.",
                HttpServerStats::bytesOut);
        return out.toString();
    }

    private static void loopCounter(StringBuilder out, List<StatsSnapshots.LoopSnapshot> loops, String name,
                                    String help, ToLongFunction<LoopStats> value) {
        loopMetric(out, loops, name, "counter", help, value);
    }

    private static void loopGauge(StringBuilder out, List<StatsSnapshots.LoopSnapshot> loops, String name,
                                  String help, ToLongFunction<LoopStats> value) {
        loopMetric(out, loops, name, "gauge", help, value);
    }

    private static void loopMetric(StringBuilder out, List<StatsSnapshots.LoopSnapshot> loops, String name,
                                   String type, String help, ToLongFunction<LoopStats> value) {
        header(out, name, type, help);
        for (StatsSnapshots.LoopSnapshot l : loops) {
            sample(out, name, "loop", l.name(), null, Long.toString(value.applyAsLong(l.stats())));
        }
    }

    private static void loopSeconds(StringBuilder out, List<StatsSnapshots.LoopSnapshot> loops, String name,
                                    String type, String help, ToLongFunction<LoopStats> nanos) {
        header(out, name, type, help);
        for (StatsSnapshots.LoopSnapshot l : loops) {
            sample(out, name, "loop", l.name(), null, seconds(nanos.applyAsLong(l.stats())));
        }
    }

    private static void loopHistogram(StringBuilder out, List<StatsSnapshots.LoopSnapshot> loops, String name,
                                      String help, java.util.function.Function<LoopStats, LatencyHistogram> which) {
        header(out, name, "histogram", help);
        for (StatsSnapshots.LoopSnapshot l : loops) {
            LatencyHistogram h = which.apply(l.stats());
            long cumulative = 0;
            for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
                cumulative += h.bucketCount(i);
                String le = i == LatencyHistogram.BUCKETS - 1 ? "+Inf"
                        : seconds(LatencyHistogram.bucketUpperBoundNanos(i));
                sample(out, name + "_bucket", "loop", l.name(), "le=\"" + le + "\"", Long.toString(cumulative));
            }
            sample(out, name + "_sum", "loop", l.name(), null, seconds(h.sumNanos()));
            sample(out, name + "_count", "loop", l.name(), null, Long.toString(cumulative));
        }
    }

    private static void serverMetric(StringBuilder out, List<StatsSnapshots.ServerSnapshot> servers, String name,
                                     String type, String help, ToLongFunction<HttpServerStats> value) {
        header(out, name, type, help);
        for (StatsSnapshots.ServerSnapshot s : servers) {
            sample(out, name, "server", s.name(), null, Long.toString(value.applyAsLong(s.stats())));
        }
    }

    private static void responses(StringBuilder out, List<StatsSnapshots.ServerSnapshot> servers) {
        String name = "eddy_http_responses_total";
        header(out, name, "counter", "HTTP responses sent, by status class.");
        for (StatsSnapshots.ServerSnapshot s : servers) {
            HttpServerStats st = s.stats();
            long[] byClass = {st.responses1xx(), st.responses2xx(), st.responses3xx(), st.responses4xx(),
                st.responses5xx()};
            for (int i = 0; i < byClass.length; i++) {
                sample(out, name, "server", s.name(), "code=\"" + (i + 1) + "xx\"", Long.toString(byClass[i]));
            }
        }
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** {@code name{label="value",extra} number}; {@code extra} is an already escaped label, or null. */
    private static void sample(StringBuilder out, String name, String label, String value, String extra,
                               String number) {
        out.append(name).append('{').append(label).append("=\"");
        labelValue(out, value);
        out.append('"');
        if (extra != null) {
            out.append(',').append(extra);
        }
        out.append("} ").append(number).append('\n');
    }

    /** A label value as the format wants it: backslash, double quote and newline escaped. */
    static void labelValue(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    private static String seconds(long nanos) {
        return Double.toString(nanos / NANOS_PER_SECOND);
    }
}
