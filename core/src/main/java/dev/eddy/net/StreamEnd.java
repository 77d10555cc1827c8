package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.time.Duration;

/**
 * An {@link IOStream}'s end: whether the stream is closed and why, how its transport then
 * comes to its end, and the timer that may end it: the idle timeout while the stream is open,
 * the linger deadline of a graceful close while the transport still holds output it took
 * (TLS records), and the close future that completes once the transport is closed.
 *
 * <p>It exists apart from {@code IOStream} because the stream's user sees one moment, the
 * close, and the transport has a second one: a graceful close is closed for the user at once,
 * but the transport only when its output is out (or after {@link IOStream#CLOSE_LINGER}). One
 * timer field serves both waits, since a stream is idle-timed only while it is open.
 *
 * <p>Loop thread only. {@link #touched()} runs on every read and write: a field test and, with
 * an idle timeout, one clock read.
 */
final class StreamEnd {

    private static final System.Logger LOG = System.getLogger("dev.eddy.net.IOStream");

    private final IOStream stream;
    private Timeout timer;              // the idle timeout; while lingering, the linger deadline
    private long lastActivity;
    private boolean transportClosed;
    private Promise<Void> closePromise;
    private boolean closed;             // the stream, for its user (the transport may linger)
    private Throwable reason;           // why, if not a plain close

    StreamEnd(IOStream stream) {
        this.stream = stream;
    }

    /** Starts the idle timeout, when the stream's options have one. */
    void startIdleTimer() {
        Duration idle = stream.options().idleTimeout();
        if (idle != null) {
            lastActivity = stream.loop().time();
            timer = stream.loop().callLater(idle, this::checkIdle);
        }
    }

    /** Marks traffic now, for the idle timeout. */
    void touched() {
        if (timer != null) {
            lastActivity = stream.loop().time();
        }
    }

    private void checkIdle() {
        Duration idle = stream.options().idleTimeout();
        IOLoop loop = stream.loop();
        if (loop.time() - lastActivity >= idle.toNanos()) {
            timer = null;
            stream.close(new StreamTimeoutException("no traffic for " + idle + " (idle timeout)"));
        } else if (!stream.isClosed()) {
            timer = loop.callAt(lastActivity + idle.toNanos(), this::checkIdle);
        }
    }

    /** {@link IOStream#closeFuture()} on the loop thread. */
    Future<Void> closeFuture() {
        if (transportClosed) {
            return Future.succeeded(stream.loop(), null);
        }
        if (closePromise == null) {
            closePromise = new Promise<>(stream.loop());
            if (!stream.isClosed()) {
                stream.readiness().addInterest(SelectionKey.OP_READ);   // read what comes, so the peer's close is noticed
            }
        }
        return closePromise;
    }

    /** True while someone waits for the close future: the stream then reads even with no read pending. */
    boolean isCloseWatched() {
        return closePromise != null;
    }

    /** True once the stream closed for its user: {@link IOStream#isClosed()}. */
    boolean isClosed() {
        return closed;
    }

    /** Why the stream closed; null while open and after a plain close: {@link IOStream#closeReason()}. */
    Throwable reason() {
        return reason;
    }

    /**
     * The stream closes for its user now, because of {@code reason} (null: a plain, graceful
     * close). A graceful close lingers while the transport still holds output, any other
     * closes the transport at once.
     */
    void streamClosed(Throwable reason) {
        closed = true;
        this.reason = reason;
        cancelTimer();
        if (reason == null && stream.transport().hasPendingOutput()) {
            linger();
        } else {
            closeTransport();
        }
    }

    /** After the rest of the stream has settled its close: the close future, if the transport is closed. */
    void completeIfTransportClosed() {
        if (transportClosed && closePromise != null) {
            closePromise.tryComplete(null);
        }
    }

    /**
     * Closed for the user, but the transport still holds bytes it took (TLS records): wait
     * until it reports them sent, for {@link IOStream#CLOSE_LINGER} at most, reading nothing meanwhile.
     */
    private void linger() {
        stream.transport().interestOps(SelectionKey.OP_WRITE);
        timer = stream.loop().callLater(IOStream.CLOSE_LINGER, () -> {
            timer = null;
            endLinger();
        });
    }

    /** A readiness event while lingering: the transport's output may be out now. */
    void onReadyWhileLingering() {
        if (!stream.transport().hasPendingOutput()) {
            endLinger();
        }
    }

    private void endLinger() {
        if (!transportClosed) {
            closeTransport();
            if (closePromise != null) {
                closePromise.tryComplete(null);
            }
        }
    }

    /** Removes the registration and closes the channel (through the transport); once. */
    private void closeTransport() {
        if (transportClosed) {
            return;
        }
        transportClosed = true;
        cancelTimer();
        Transport transport = stream.transport();
        try {
            transport.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing " + transport, e);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
