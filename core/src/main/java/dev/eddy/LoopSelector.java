package dev.eddy;

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
    private long ioEvents;      // statistics, for LoopStats
    /** Keys the last select reported ready, in its order; reused every iteration. */
    private SelectionKey[] ready = new SelectionKey[64];
    private int readyCount;
    private final Consumer<SelectionKey> collector = this::collect;

    LoopSelector(IOLoop loop, Selector selector) {
        this.loop = loop;
        this.selector = selector;
    }

    ChannelRegistration register(SelectableChannel channel, int ops, IOHandler handler) throws IOException {
        ChannelRegistration reg = new ChannelRegistration(loop, channel, ops, handler, selector);
        registrations++;
        return reg;
    }

    void registrationRemoved(ChannelRegistration registration) {
        LoopEvents.channelClosing(loop, registration.channel());
        registrations--;
        keysCancelled = true;       // the selector deregisters the key (and really closes the fd) on its next select
    }

    /**
     * A select that does not wait; skipped when no channel is registered (nothing to poll).
     * Returns true when channels are ready: {@link #dispatchReady} calls their handlers.
     */
    boolean poll() throws IOException {
        if (registrations > 0 || keysCancelled) {
            keysCancelled = false;
            selector.selectNow(collector);
        }
        return readyCount > 0;
    }

    /**
     * A select that sleeps up to {@code timeoutMillis} (0: until woken). Returns true when
     * channels are ready: {@link #dispatchReady} calls their handlers.
     */
    boolean await(long timeoutMillis) throws IOException {
        keysCancelled = false;
        selector.select(collector, timeoutMillis);
        return readyCount > 0;
    }

    /** The select's action: only remember the key; handlers run after the select returns. */
    private void collect(SelectionKey key) {
        if (readyCount == ready.length) {
            ready = Arrays.copyOf(ready, readyCount * 2);
        }
        ready[readyCount++] = key;
    }

    /**
     * Calls the handlers of the keys the last select reported ready, <em>after</em> the
     * select has returned, not inside it: {@code Selector.select(Consumer)} runs its action
     * while holding the selector's monitors, and a coroutine started by a handler (an HTTP
     * handler is often one) cannot suspend while its thread holds a monitor: on JDK 24+ a
     * native continuation frozen under a carrier's monitor hangs the loop or crashes the JVM.
     * A channel removed by an earlier handler of this batch is skipped by
     * {@link ChannelRegistration#dispatch}.
     */
    void dispatchReady() {
        int n = readyCount;
        readyCount = 0;
        ioEvents += n;
        boolean timed = LoopEvents.slowCallbacksRecorded();
        for (int i = 0; i < n; i++) {
            ChannelRegistration reg = (ChannelRegistration) ready[i].attachment();
            ready[i] = null;
            loop.tick();
            if (timed) {
                LoopEvents.dispatchTimed(loop, reg);
            } else {
                reg.dispatch();
            }
        }
    }

    long ioEvents() {
        return ioEvents;
    }

    /** At loop shutdown: closes every registered channel, then the selector. */
    void closeAll() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof ChannelRegistration reg) {
                LoopEvents.channelClosing(loop, reg.channel());
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
