package dev.eddy.testing;

import dev.eddy.IOLoop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link SimulatedNetwork} did, one event a line: a connection opened, a piece sent
 * (and when it arrives), arrived, read, a FIN, a reset, a write refused by a full buffer. Two
 * runs of the same test with the same seed give the same lines; a failing seed prints their end.
 *
 * <p>An event is kept as its parts and becomes text only when someone reads the trace, which
 * most runs never do: formatting every event cost more than the simulation itself. The latest
 * {@value #LIMIT} events are kept. Loop thread only.
 */
final class NetworkTrace {

    /** How many events are kept, the latest. */
    static final int LIMIT = 100_000;

    /**
     * One event: at loop time {@code time}, {@code subject} ("c3&gt;", "c3 client") did
     * {@code what}; a {@code #} in {@code what} stands for {@code number}, and
     * {@code arrivesAt} (a loop time, or -1) says when what was sent arrives.
     */
    private record Event(long time, String subject, String what, long number, long arrivesAt) {
    }

    private final IOLoop loop;
    private final long start;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long dropped;

    NetworkTrace(IOLoop loop) {
        this.loop = loop;
        this.start = loop.time();
    }

    void add(String subject, String what) {
        add(subject, what, -1, -1);
    }

    void add(String subject, String what, long number) {
        add(subject, what, number, -1);
    }

    void add(String subject, String what, long number, long arrivesAt) {
        if (events.size() == LIMIT) {
            events.pollFirst();
            dropped++;
        }
        events.addLast(new Event(loop.time(), subject, what, number, arrivesAt));
    }

    /** The events as text, oldest first: "12.345ms c3&gt; sent 120, arrives at 40.000ms". */
    List<String> lines() {
        List<String> lines = new ArrayList<>(events.size() + 1);
        if (dropped > 0) {
            lines.add("(" + dropped + " earlier lines dropped)");
        }
        for (Event e : events) {
            String text = e.number < 0 ? e.what : e.what.replace("#", Long.toString(e.number));
            lines.add(at(e.time) + " " + e.subject + " " + text + (e.arrivesAt < 0 ? "" : ", arrives at " + at(e.arrivesAt)));
        }
        return lines;
    }

    /** A loop time as virtual time since the network was made, to the microsecond: "12.345ms". */
    String at(long loopTime) {
        long micros = (loopTime - start) / 1_000;
        String fraction = Long.toString(1_000_000 + micros % 1_000).substring(4);
        return micros / 1_000 + "." + fraction + "ms";
    }
}
