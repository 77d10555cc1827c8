package dev.eddy;

import dev.eddy.jfr.ConnectionClosedEvent;
import dev.eddy.jfr.Flight;
import dev.eddy.jfr.LoopBlockedEvent;
import dev.eddy.jfr.LoopStatisticsEvent;
import dev.eddy.jfr.SlowCallbackEvent;
import jdk.jfr.FlightRecorder;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Where the loop meets the JDK Flight Recorder: the loop's side of the events in
 * {@code dev.eddy.jfr}. A loop calls in here only where {@link Flight} says a recording may
 * want something (once per batch of callbacks, timers or IO events), so a loop nobody
 * records never reaches the timed paths below.
 *
 * <p>It also knows every open loop, for the periodic {@code dev.eddy.LoopStatistics} event,
 * which the recorder asks for on its own thread. It knows a loop as a {@link Sampled}: its
 * name and a reader of its counters, which reads them as a loop's stats are read from any
 * thread: approximately, and at no cost to the loop. Not the loop itself: this file sits
 * below the loop and is called by its parts, so it must not call back up into it. The set is
 * weak: the loop holds its {@code Sampled}, so a loop nobody closed still goes away.
 */
final class LoopEvents {

    /** Open loops; synchronized, weak. */
    private static final Set<Sampled> OPEN = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    static {
        Flight.whenActive(() -> FlightRecorder.addPeriodicEvent(LoopStatisticsEvent.class, LoopEvents::sampleLoops));
    }

    private LoopEvents() {
    }

    /** One open loop as the periodic event sees it; the loop holds it from open to close. */
    static final class Sampled {
        final String loopName;
        /** The loop's stats, read on the recorder's thread. */
        final Supplier<LoopStats> stats;
        /** The stats at the previous sample, or null; the recorder's periodic thread only. */
        private LoopStats previous;

        private Sampled(String loopName, Supplier<LoopStats> stats) {
            this.loopName = loopName;
            this.stats = stats;
        }
    }

    /** A loop opened: sample it from now on, until {@link #closed}. */
    static Sampled opened(String loopName, Supplier<LoopStats> stats) {
        Sampled loop = new Sampled(loopName, stats);
        OPEN.add(loop);
        return loop;
    }

    static void closed(Sampled loop) {
        OPEN.remove(loop);
    }

    /** True when the callbacks, timers and handlers of this batch must be timed. */
    static boolean slowCallbacksRecorded() {
        return Flight.slowCallbacksRecorded();
    }

    /** Runs a callback (or a timer's task) and records it if it was slow. */
    static void runTimed(CallbackRunner runner, Object task, String kind) {
        Class<?> what = task instanceof CallbackDelivery due ? due.firstCallbackClass() : task.getClass();
        SlowCallbackEvent e = new SlowCallbackEvent();
        e.begin();
        runner.runCallback(task);
        e.end();
        if (e.shouldCommit()) {
            e.loop = runner.loopName();
            e.kind = task instanceof CallbackDelivery ? "done-callback" : kind;
            e.callbackClass = className(what);
            e.commit();
        }
    }

    /** Calls a ready channel's handler and records it if it was slow (a throw still ends the event). */
    static void dispatchTimed(String loopName, IOHandler handler, int readyOps) throws Exception {
        SlowCallbackEvent e = new SlowCallbackEvent();
        e.begin();
        try {
            handler.onReady(readyOps);
        } finally {
            commitSlowHandler(e, loopName, handler);
        }
    }

    private static void commitSlowHandler(SlowCallbackEvent e, String loopName, IOHandler handler) {
        e.end();
        if (e.shouldCommit()) {
            e.loop = loopName;
            e.kind = "IO handler";
            e.callbackClass = className(handler.getClass());
            e.commit();
        }
    }

    /** A registered channel is about to be closed or given up: a connection's end, if it is a socket. */
    static void channelClosing(String loopName, SelectableChannel channel) {
        if (channel instanceof SocketChannel socket && Flight.closedConnectionsRecorded()) {
            ConnectionClosedEvent.record(loopName, socket);
        }
    }

    /** The watchdog's report of a blocked loop, as an event (on the watchdog's thread). */
    static void blocked(String loopName, String callback, long blockedNanos, StackTraceElement[] stack) {
        if (!Flight.active()) {
            return;
        }
        LoopBlockedEvent e = new LoopBlockedEvent();
        if (e.shouldCommit()) {
            e.loop = loopName;
            e.callback = callback;
            e.blockedFor = blockedNanos;
            StringBuilder s = new StringBuilder();
            for (StackTraceElement frame : stack) {
                s.append(frame).append('\n');
            }
            e.stack = s.toString();
            e.commit();
        }
    }

    /** The periodic event: one per open loop, with what it did since the previous sample. */
    private static void sampleLoops() {
        Sampled[] loops;
        synchronized (OPEN) {
            loops = OPEN.toArray(new Sampled[0]);
        }
        for (Sampled loop : loops) {
            LoopStats now = loop.stats.get();
            LoopStats before = loop.previous;
            loop.previous = now;
            LoopStatisticsEvent e = new LoopStatisticsEvent();
            e.loop = loop.loopName;
            e.iterations = now.iterations() - (before == null ? 0 : before.iterations());
            e.callbacksRun = now.callbacksRun() - (before == null ? 0 : before.callbacksRun());
            e.timersFired = now.timersRun() - (before == null ? 0 : before.timersRun());
            e.ioEvents = now.ioEvents() - (before == null ? 0 : before.ioEvents());
            e.callbacksPending = now.callbacksPending();
            e.timersPending = now.timersPending();
            long busy = now.busyNanos() - (before == null ? 0 : before.busyNanos());
            long waiting = now.selectNanos() - (before == null ? 0 : before.selectNanos());
            e.busy = busy + waiting <= 0 ? 0 : (double) busy / (busy + waiting);
            LatencyHistogram lag = before == null ? now.timerLag() : now.timerLag().since(before.timerLag());
            LatencyHistogram iterationBusy = before == null ? now.iterationBusy()
                    : now.iterationBusy().since(before.iterationBusy());
            e.timerLagP50 = lag.percentileNanos(0.5);
            e.timerLagP99 = lag.percentileNanos(0.99);
            e.iterationBusyP99 = iterationBusy.percentileNanos(0.99);
            e.commit();
        }
    }

    /** A class's name for a reader: a lambda is named after the class that wrote it. */
    static String className(Class<?> c) {
        String name = c.getName();
        int lambda = name.indexOf("$$Lambda");
        return lambda < 0 ? name : name.substring(0, lambda) + " (lambda)";
    }
}
