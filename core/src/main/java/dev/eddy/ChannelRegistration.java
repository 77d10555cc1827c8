package dev.eddy;

import dev.eddy.internal.SafeLog;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A channel registered with an {@link IOLoop}: the channel, the operations the loop
 * watches for it, and the {@link IOHandler} it calls when one of them is ready.
 *
 * <p>It wraps the JDK's {@link SelectionKey} for two reasons. First, it caches the
 * interest set, so asking for the interest the channel already has costs nothing
 * (changing a key's interest takes a lock inside the selector). Second, it has its own
 * {@code removed} flag: when one handler removes another channel during an iteration, the
 * loop suppresses that channel's event even if the selector had already reported it.
 *
 * <p>It knows the loop's thread (to refuse other threads) and nothing else of the loop: the
 * set of registered channels is the selector's own key set, which {@link SelectionKey#cancel()}
 * leaves, and what happens when a handler throws is the selector's side ({@code LoopSelector}).
 *
 * <p>Loop thread only.
 */
public final class ChannelRegistration {

    private final LoopThread thread;
    private final String loopName;
    private final SelectableChannel channel;
    private final IOHandler handler;
    final SelectionKey key;
    private int interest;
    private boolean removed;

    ChannelRegistration(LoopThread thread, String loopName, SelectableChannel channel, int ops, IOHandler handler,
                        Selector selector) throws IOException {
        this.thread = thread;
        this.loopName = loopName;
        this.channel = channel;
        this.handler = handler;
        this.interest = ops;
        this.key = channel.register(selector, ops, this);
    }

    /** The handler the loop calls: the Flight Recorder's slow-callback event names its class. */
    IOHandler handler() {
        return handler;
    }

    /**
     * The channel this registration watches.
     *
     * @return the registered channel
     */
    public SelectableChannel channel() {
        return channel;
    }

    /**
     * The operations currently watched.
     *
     * @return the {@code SelectionKey.OP_*} bits watched now
     */
    public int interestOps() {
        return interest;
    }

    /**
     * Changes the watched operations (0 pauses the channel without removing it).
     *
     * @param ops the {@code SelectionKey.OP_*} bits to watch from now on; 0 for none
     */
    public void interestOps(int ops) {
        thread.check("ChannelRegistration.interestOps");
        if (ops != interest && !removed) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    /**
     * Adds operations to the watched set.
     *
     * @param ops the {@code SelectionKey.OP_*} bits to add
     */
    public void addInterest(int ops) {
        interestOps(interest | ops);
    }

    /**
     * Removes operations from the watched set.
     *
     * @param ops the {@code SelectionKey.OP_*} bits to remove
     */
    public void removeInterest(int ops) {
        interestOps(interest & ~ops);
    }

    /**
     * True once {@link #remove()} was called or the channel was closed by the loop.
     *
     * @return whether the registration is gone
     */
    public boolean isRemoved() {
        return removed;
    }

    /**
     * Stops watching the channel. The channel stays open (closing it is the owner's
     * job); a pending event for it in this iteration is not delivered.
     */
    public void remove() {
        thread.check("ChannelRegistration.remove");
        if (!removed) {
            removed = true;
            LoopEvents.channelClosing(loopName, channel);
            key.cancel();       // the selector deregisters the key (and really closes the fd) on its next select
        }
    }

    /** Removes the registration and closes the channel. */
    public void close() {
        remove();
        try {
            channel.close();
        } catch (IOException e) {
            SafeLog.log(LoopErrors.LOG, Level.DEBUG, "error closing channel " + channel, e);
        }
    }

    /** Closes the channel during loop shutdown (the selector is going away anyway). */
    void closeQuietly() {
        removed = true;
        try {
            channel.close();
        } catch (IOException e) {
            SafeLog.log(LoopErrors.LOG, Level.DEBUG, "error closing channel " + channel, e);
        }
    }

    /**
     * What to tell the handler of a selected key: the ready operations the loop watches, or 0
     * when there is nothing to tell (the registration was removed, by an earlier handler of
     * this batch say, or its key is no longer valid). The selector's side ({@code LoopSelector})
     * calls the {@link #handler()} with them and decides what becomes of the channel when it throws.
     */
    int readyToReport() {
        if (removed || !key.isValid()) {
            return 0;
        }
        return key.readyOps() & interest;
    }
}
