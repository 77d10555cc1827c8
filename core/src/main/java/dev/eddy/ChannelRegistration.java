package dev.eddy;

import dev.eddy.internal.SafeLog;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

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
 * <p>It also applies the rule for a handler that throws (see {@link IOHandler}): the
 * channel of one connection is closed, but a listening socket is only paused for
 * {@link #FAILED_LISTENER_PAUSE} and then watched again, because closing it would end
 * every connection the server is ever going to accept.
 *
 * <p>Loop thread only.
 */
public final class ChannelRegistration {

    /** How long a listening socket whose handler threw is left unwatched before trying again. */
    static final Duration FAILED_LISTENER_PAUSE = Duration.ofMillis(100);

    private final IOLoop loop;
    private final SelectableChannel channel;
    private final IOHandler handler;
    final SelectionKey key;
    private int interest;
    private boolean removed;

    ChannelRegistration(IOLoop loop, SelectableChannel channel, int ops, IOHandler handler,
                        java.nio.channels.Selector selector) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
        this.interest = ops;
        this.key = channel.register(selector, ops, this);
    }

    /** The handler the loop calls: the Flight Recorder's slow-callback event names its class. */
    IOHandler handler() {
        return handler;
    }

    IOLoop loop() {
        return loop;
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
        loop.checkLoopThread("ChannelRegistration.interestOps");
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
        loop.checkLoopThread("ChannelRegistration.remove");
        if (!removed) {
            removed = true;
            key.cancel();
            loop.registrationRemoved(this);
        }
    }

    /** Removes the registration and closes the channel. */
    public void close() {
        remove();
        try {
            channel.close();
        } catch (IOException e) {
            SafeLog.log(IOLoop.LOG, Level.DEBUG, "error closing channel " + channel, e);
        }
    }

    /** Closes the channel during loop shutdown (the selector is going away anyway). */
    void closeQuietly() {
        removed = true;
        try {
            channel.close();
        } catch (IOException e) {
            SafeLog.log(IOLoop.LOG, Level.DEBUG, "error closing channel " + channel, e);
        }
    }

    /** Called by the loop for a selected key: filters, then calls the handler. */
    void dispatch() {
        if (removed || !key.isValid()) {
            return;
        }
        int ready = key.readyOps() & interest;
        if (ready == 0) {
            return;
        }
        try {
            handler.onReady(ready);
        } catch (Throwable t) {
            handlerFailed(t);
        }
    }

    /**
     * The handler threw: log it (at a bounded rate, never throwing) and take the channel out
     * of the way. A connection's channel is closed: its state is unknown now, and the peer
     * learns of it. A listening socket is paused and resumed instead (see the class comment).
     */
    private void handlerFailed(Throwable t) {
        try {
            if (channel instanceof ServerSocketChannel) {
                loop.handlerFailed("IO handler for listening socket " + channel + " failed; pausing it for "
                        + FAILED_LISTENER_PAUSE.toMillis() + " ms", t);
                pauseThenResume();
            } else {
                loop.handlerFailed("IO handler for " + channel + " failed; closing the channel", t);
                close();
            }
        } catch (Throwable cleanupFailed) {
            loop.handlerFailed("cleaning up after a failed IO handler for " + channel + " failed", cleanupFailed);
        }
    }

    /** Stops watching the listening socket for a moment, then watches for what it watched before. */
    private void pauseThenResume() {
        int watched = interest;
        interestOps(0);
        loop.callLater(FAILED_LISTENER_PAUSE, () -> {
            if (!removed && key.isValid() && interest == 0) {     // its owner did not decide otherwise meanwhile
                interestOps(watched);
            }
        });
    }
}
