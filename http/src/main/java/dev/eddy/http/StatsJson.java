package dev.eddy.http;

import dev.eddy.LatencyHistogram;
import dev.eddy.LoopStats;

import java.util.List;

/**
 * {@link StatsHandler}'s JSON, written by hand (the library has no JSON dependency): one
 * object per loop and per server, numbers as JSON integers (durations in nanoseconds),
 * names escaped as JSON strings. A pure function of the snapshots.
 */
final class StatsJson {

    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    private static final String[] QUANTILE_NAMES = {"p50Nanos", "p90Nanos", "p99Nanos", "p999Nanos"};

    private StatsJson() {
    }

    static String write(List<StatsSnapshots.LoopSnapshot> loops, List<StatsSnapshots.ServerSnapshot> servers) {
        StringBuilder out = new StringBuilder(512 + 512 * loops.size() + 384 * servers.size());
        out.append("{\"loops\":[");
        for (int i = 0; i < loops.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            loop(out, loops.get(i));
        }
        out.append("],\"servers\":[");
        for (int i = 0; i < servers.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            server(out, servers.get(i));
        }
        return out.append("]}").toString();
    }

    private static void loop(StringBuilder out, StatsSnapshots.LoopSnapshot snapshot) {
        LoopStats s = snapshot.stats();
        out.append("{\"name\":");
        string(out, snapshot.name());
        field(out, "iterations", s.iterations());
        field(out, "callbacksRun", s.callbacksRun());
        field(out, "timersRun", s.timersRun());
        field(out, "ioEvents", s.ioEvents());
        field(out, "callbacksPending", s.callbacksPending());
        field(out, "timersPending", s.timersPending());
        field(out, "selectNanos", s.selectNanos());
        field(out, "busyNanos", s.busyNanos());
        field(out, "worstTimerLagNanos", s.worstTimerLagNanos());
        field(out, "blockedEpisodes", s.blockedEpisodes());
        out.append(",\"timerLag\":");
        histogram(out, s.timerLag());
        out.append(",\"iterationBusy\":");
        histogram(out, s.iterationBusy());
        out.append('}');
    }

    private static void histogram(StringBuilder out, LatencyHistogram h) {
        out.append("{\"count\":").append(h.count());
        field(out, "sumNanos", h.sumNanos());
        for (int i = 0; i < QUANTILES.length; i++) {
            field(out, QUANTILE_NAMES[i], h.percentileNanos(QUANTILES[i]));
        }
        out.append('}');
    }

    private static void server(StringBuilder out, StatsSnapshots.ServerSnapshot snapshot) {
        HttpServerStats s = snapshot.stats();
        out.append("{\"name\":");
        string(out, snapshot.name());
        field(out, "openConnections", s.openConnections());
        field(out, "connectionsAccepted", s.connectionsAccepted());
        field(out, "requests", s.requests());
        field(out, "responses", s.responses());
        field(out, "responses1xx", s.responses1xx());
        field(out, "responses2xx", s.responses2xx());
        field(out, "responses3xx", s.responses3xx());
        field(out, "responses4xx", s.responses4xx());
        field(out, "responses5xx", s.responses5xx());
        field(out, "handlerErrors", s.handlerErrors());
        field(out, "protocolErrors", s.protocolErrors());
        field(out, "bytesIn", s.bytesIn());
        field(out, "bytesOut", s.bytesOut());
        out.append('}');
    }

    private static void field(StringBuilder out, String name, long value) {
        out.append(",\"").append(name).append("\":").append(value);
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259, section 7). */
    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
