package dev.eddy;

import dev.eddy.internal.SafeLog;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
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
 * nothing for IO. The selector's own key set says which channels there are (a cancelled key
 * stays in it until the next select deregisters it), so nobody has to report a removal here.
 *
 * <p>It also applies the rule for a handler that throws (see {@link IOHandler}): the
 * channel of one connection is closed, but a listening socket is only paused for
 * {@link #FAILED_LISTENER_PAUSE} and then watched again, because closing it would end
 * every connection the server is ever going to accept.
 *
 * <p>Loop thread only. The one exception is the selector's {@code wakeup()}, which
 * {@link CallbackQueue} calls from other threads.
 */
final class LoopSelector {

    /** How long a listening socket whose handler threw is left unwatched before trying again. */
    static final Duration FAILED_LISTENER_PAUSE = Duration.ofMillis(100);

    private final LoopThread thread;
    private final String loopName;
    private final Selector selector;
    private final CallbackRunner runner;
    private final LoopTimers timers;
    private final LoopErrors errors;
    private long ioEvents;      // statistics, for LoopStats
    /** Keys the last select reported ready, in its order; reused every iteration. */
    private SelectionKey[] ready = new SelectionKey[64];
    private int readyCount;
    private final Consumer<SelectionKey> collector = this::collect;

    LoopSelector(LoopThread thread, String loopName, Selector selector, CallbackRunner runner, LoopTimers timers,
                 LoopErrors errors) {
        this.thread = thread;
        this.loopName = loopName;
        this.selector = selector;
        this.runner = runner;
        this.timers = timers;
        this.errors = errors;
    }

    /** {@link IOLoop#register}: the channel is switched to non-blocking mode and watched for {@code ops}. */
    ChannelRegistration register(SelectableChannel channel, int ops, IOHandler handler) throws IOException {
        channel.configureBlocking(false);
        return new ChannelRegistration(thread, loopName, channel, ops, handler, selector);
    }

    /**
     * A select that does not wait; skipped when no channel is registered (nothing to poll).
     * Returns true when channels are ready: {@link #dispatchReady} calls their handlers.
     */
    boolean poll() throws IOException {
        if (!selector.keys().isEmpty()) {
            selector.selectNow(collector);
        }
        return readyCount > 0;
    }

    /**
     * A select that does not wait, made even when no channel is registered: the loop's moment
     * more after a burst of callbacks from other threads (see {@link CallbackQueue}), which is
     * worth its system call. Returns true when channels are ready.
     */
    boolean look() throws IOException {
        selector.selectNow(collector);
        return readyCount > 0;
    }

    /**
     * A select that sleeps up to {@code timeoutMillis} (0: until woken). Returns true when
     * channels are ready: {@link #dispatchReady} calls their handlers.
     */
    boolean await(long timeoutMillis) throws IOException {
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
     * {@link ChannelRegistration#readyToReport}; a handler that throws is {@link #handlerFailed}.
     */
    void dispatchReady() {
        int n = readyCount;
        readyCount = 0;
        ioEvents += n;
        boolean timed = LoopEvents.slowCallbacksRecorded();
        for (int i = 0; i < n; i++) {
            ChannelRegistration reg = (ChannelRegistration) ready[i].attachment();
            ready[i] = null;
            runner.tick();
            try {
                int ops = reg.readyToReport();
                if (ops == 0) {
                    continue;
                }
                if (timed) {
                    LoopEvents.dispatchTimed(loopName, reg.handler(), ops);
                } else {
                    reg.handler().onReady(ops);
                }
            } catch (Throwable t) {
                handlerFailed(reg, t);
            }
        }
    }

    /**
     * A handler threw: log it (at a bounded rate, never throwing) and take the channel out
     * of the way. A connection's channel is closed: its state is unknown now, and the peer
     * learns of it. A listening socket is paused and resumed instead (see the class comment).
     */
    private void handlerFailed(ChannelRegistration reg, Throwable t) {
        SelectableChannel channel = reg.channel();
        try {
            if (channel instanceof ServerSocketChannel) {
                errors.handlerFailed("IO handler for listening socket " + channel + " failed; pausing it for "
                        + FAILED_LISTENER_PAUSE.toMillis() + " ms", t);
                pauseThenResume(reg);
            } else {
                errors.handlerFailed("IO handler for " + channel + " failed; closing the channel", t);
                reg.close();
            }
        } catch (Throwable cleanupFailed) {
            errors.handlerFailed("cleaning up after a failed IO handler for " + channel + " failed", cleanupFailed);
        }
    }

    /** Stops watching the listening socket for a moment, then watches for what it watched before. */
    private void pauseThenResume(ChannelRegistration reg) {
        int watched = reg.interestOps();
        reg.interestOps(0);
        timers.callLater(FAILED_LISTENER_PAUSE.toNanos(), () -> {
            if (!reg.isRemoved() && reg.key.isValid() && reg.interestOps() == 0) {   // its owner did not decide otherwise meanwhile
                reg.interestOps(watched);
            }
        });
    }

    long ioEvents() {
        return ioEvents;
    }

    /** At loop shutdown: closes every registered channel, then the selector. */
    void closeAll() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof ChannelRegistration reg) {
                LoopEvents.channelClosing(loopName, reg.channel());
                reg.closeQuietly();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            SafeLog.log(LoopErrors.LOG, System.Logger.Level.DEBUG, "error closing selector", e);
        }
    }
}
