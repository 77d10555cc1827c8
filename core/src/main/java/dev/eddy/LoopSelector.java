package dev.eddy;

import dev.eddy.internal.RepeatedErrorLog;
import dev.eddy.internal.SafeLog;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The loop's selector and the channels registered with it: the IO step of an iteration.
 * {@link IOLoop#register} is the public door; {@link ChannelRegistration} is one channel's
 * side of it.
 *
 * <p>Handlers are called after the select has returned (see {@link #dispatchReady}), not
 * inside {@code Selector.select(Consumer)}, whose monitors a suspending coroutine must not
 * hold; the select's action only collects the ready keys into a reusable array, so there is
 * no selected-key set to clear and no iterator garbage. With no channel
 * registered (and no cancelled key left for the selector to deregister) a look that must not
 * sleep skips the system call altogether: a loop that only runs callbacks and timers pays
 * nothing for IO.
 *
 * <p>Loop thread only. The one exception is the selector's {@code wakeup()}, which
 * {@link CallbackQueue} calls from other threads.
 */
final class LoopSelector {

    private final IOLoop loop;
    private final Selector selector;
    /** Registered channels; with none (and no key left to deregister) there is nothing to poll. */
    private int registrations;
    private boolean keysCancelled;
    private long firstEventNanos;
    private long ioEvents;      // statistics, for LoopStats
    /** Keys the last select reported ready, in its order; reused every iteration. */
    private SelectionKey[] ready = new SelectionKey[64];
    private int readyCount;
    private final Consumer<SelectionKey> collector = this::collect;
    /** Handlers that threw, logged at a bounded rate (a broken handler may throw on every event). */
    private final RepeatedErrorLog handlerErrors;

    LoopSelector(IOLoop loop, Selector selector) {
        this.loop = loop;
        this.selector = selector;
        this.handlerErrors = new RepeatedErrorLog(loop, IOLoop.LOG, System.Logger.Level.ERROR,
                "an IO handler on loop '" + loop.name() + "'");
    }

    /** Logs a handler's failure (see {@link ChannelRegistration#dispatch}); never throws. */
    void handlerFailed(String message, Throwable t) {
        handlerErrors.log(message, t);
    }

    ChannelRegistration register(SelectableChannel channel, int ops, IOHandler handler) throws IOException {
        ChannelRegistration reg = new ChannelRegistration(loop, channel, ops, handler, selector);
        registrations++;
        return reg;
    }

    void registrationRemoved() {
        registrations--;
        keysCancelled = true;       // the selector deregisters the key (and really closes the fd) on its next select
    }

    /** A select that does not wait; skipped when no channel is registered (nothing to poll). */
    void poll() throws IOException {
        firstEventNanos = 0;
        if (registrations > 0 || keysCancelled) {
            keysCancelled = false;
            selector.selectNow(collector);
            dispatchReady(false);
        }
    }

    /**
     * A select that sleeps up to {@code timeoutMillis} (0: until woken) and then handles what
     * is ready. When it handled events, {@link #firstEventNanos()} says when the wait ended.
     */
    void await(long timeoutMillis) throws IOException {
        firstEventNanos = 0;
        keysCancelled = false;
        selector.select(collector, timeoutMillis);
        dispatchReady(true);
    }

    /** The select's action: only remember the key; handlers run after the select returns. */
    private void collect(SelectionKey key) {
        if (readyCount == ready.length) {
            ready = Arrays.copyOf(ready, readyCount * 2);
        }
        ready[readyCount++] = key;
    }

    /**
     * Calls the handlers of the ready keys <em>after</em> the select has returned, not
     * inside it: {@code Selector.select(Consumer)} runs its action while holding the
     * selector's monitors, and a coroutine started by a handler (an HTTP handler is often one)
     * cannot suspend while its thread holds a monitor: on JDK 24+ a native continuation
     * frozen under a carrier's monitor hangs the loop or crashes the JVM. A channel removed
     * by an earlier handler of this batch is skipped by {@link ChannelRegistration#dispatch}.
     */
    private void dispatchReady(boolean afterWait) {
        int n = readyCount;
        readyCount = 0;
        for (int i = 0; i < n; i++) {
            SelectionKey key = ready[i];
            ready[i] = null;
            if (afterWait) {
                dispatchAfterWait(key);
            } else {
                dispatch(key);
            }
        }
    }

    /** When the last {@link #await} saw its first ready channel ({@code System.nanoTime()}), or 0. */
    long firstEventNanos() {
        return firstEventNanos;
    }

    long ioEvents() {
        return ioEvents;
    }

    private void dispatchAfterWait(SelectionKey key) {
        if (firstEventNanos == 0) {
            firstEventNanos = System.nanoTime();
            loop.waitEnded();                   // from here on the watchdog watches handlers
        }
        dispatch(key);
    }

    private void dispatch(SelectionKey key) {
        loop.tick();
        ioEvents++;
        ((ChannelRegistration) key.attachment()).dispatch();
    }

    /** At loop shutdown: closes every registered channel, then the selector. */
    void closeAll() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof ChannelRegistration reg) {
                reg.closeQuietly();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            SafeLog.log(IOLoop.LOG, System.Logger.Level.DEBUG, "error closing selector", e);
        }
    }
}
