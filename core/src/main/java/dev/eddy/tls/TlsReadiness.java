package dev.eddy.tls;

import dev.eddy.ChannelRegistration;
import dev.eddy.IOHandler;
import dev.eddy.IOLoop;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link TlsTransport}'s side of readiness: the one socket interest that serves both the
 * engine and the owner, what the loop reports on the socket, and what the transport reports
 * to its owner. It is the handler the loop calls for the socket, and the callback that tells
 * the owner, on the loop's next turn, of readiness the socket will never report (plaintext or
 * whole records already out of the kernel, the handshake done, a failure).
 *
 * <p>It exists apart from {@code TlsTransport} because the owner asks for readiness as if it
 * had a socket, and the socket's real interest is something else: the owner's while data
 * flows, whatever the engine needs while it handshakes, {@code OP_WRITE} on its own while
 * records wait. Keeping that translation here leaves the transport its state and its calls.
 * It reads the connection's state and never changes it: a handshake step, a failure and a
 * close are {@link TlsLifecycle}'s ({@link TlsLifecycle#handshakeStep}, {@link TlsLifecycle#fail}).
 * One object per connection, in place of the two lambdas (handler and wake-up) it would
 * otherwise need.
 *
 * <p>Loop thread only. Never calls the owner from inside one of the owner's own calls:
 * {@link #wakeOwner()} defers to the loop's next turn.
 */
final class TlsReadiness implements IOHandler, Runnable {

    private static final System.Logger LOG = System.getLogger("dev.eddy.tls");
    private static final int READ_WRITE = SelectionKey.OP_READ | SelectionKey.OP_WRITE;

    private final TlsLifecycle transport;    // the connection's state, and the moves this side triggers

    private IOHandler owner;
    private ChannelRegistration registration;
    private int ownerInterest;
    private boolean wakeScheduled;

    TlsReadiness(TlsLifecycle transport) {
        this.transport = transport;
    }

    /** Registers the socket with {@code loop}, no interest yet; the loop calls {@link #onReady} from now on. */
    void register(IOLoop loop, SocketChannel channel, IOHandler owner) throws IOException {
        this.owner = owner;
        this.registration = loop.register(channel, 0, this);
    }

    /** True once registered with a loop. */
    boolean registered() {
        return registration != null;
    }

    /** The interest the owner asked for (not the socket's: see {@link #update()}). */
    int ownerInterest() {
        return ownerInterest;
    }

    /** Records what the owner asked for; {@link #update()} then sets the socket's interest. */
    void ownerWants(int ops) {
        ownerInterest = ops;
    }

    /** The loop no longer watches the socket (the transport failed or closed). */
    void remove() {
        if (registration != null) {
            registration.remove();
        }
    }

    // ------------------------------------------------------------------ the socket's side

    /** Sets the socket interest that serves both the engine's needs and the owner's, for the state now. */
    void update() {
        byte state = transport.state();
        if (registration == null || state == TlsLifecycle.CLOSED || state == TlsLifecycle.FAILED) {
            return;
        }
        int ops;
        if (state == TlsLifecycle.NEW) {
            ops = ownerInterest & SelectionKey.OP_CONNECT;
        } else if (state == TlsLifecycle.HANDSHAKING) {
            ops = transport.handshakeInterest();
        } else {
            ops = ownerInterest & SelectionKey.OP_READ;
            if (transport.records().hasPendingOutput() || (ownerInterest & SelectionKey.OP_WRITE) != 0) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        registration.interestOps(ops);
    }

    /** The loop's call: the socket is ready for {@code ready}. The handshake takes it, or it goes to the owner. */
    @Override
    public void onReady(int ready) throws Exception {
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            owner.onReady(SelectionKey.OP_CONNECT);     // the owner finishes the connect
            transport.startIfConnected();
            return;
        }
        byte state = transport.state();
        if (state == TlsLifecycle.HANDSHAKING) {
            transport.resumeHandshake();
            return;
        }
        if (state != TlsLifecycle.OPEN) {
            return;
        }
        int toOwner = ready & ownerInterest & SelectionKey.OP_READ;
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            try {
                TlsRecords records = transport.records();
                if (!records.hasPendingOutput() || records.flush()) {
                    toOwner |= ownerInterest & SelectionKey.OP_WRITE;
                }
            } catch (IOException e) {
                transport.fail(e);
                return;
            }
        }
        update();
        if (toOwner != 0) {
            owner.onReady(toOwner);
        }
    }

    // ------------------------------------------------------------------ the owner's side

    /** Tells the owner, on the loop's next turn, what it can do now (level-triggered, like the socket). */
    void wakeOwner() {
        if (wakeScheduled || registration == null) {
            return;
        }
        wakeScheduled = true;
        try {
            transport.loop().addCallback(this);
        } catch (RejectedExecutionException e) {
            // the loop is closing, and closes every channel: nobody is left to tell
        }
    }

    /** The deferred wake-up ({@link #wakeOwner()}): reports what the owner can do now, if it still wants it. */
    @Override
    public void run() {
        wakeScheduled = false;
        byte state = transport.state();
        if (state == TlsLifecycle.CLOSED) {
            return;
        }
        int ready = 0;
        if (state == TlsLifecycle.FAILED) {
            ready = ownerInterest & READ_WRITE;         // read and write throw the failure
        } else if (state == TlsLifecycle.OPEN) {
            TlsRecords records = transport.records();
            if (records.readableNow()) {
                ready |= ownerInterest & SelectionKey.OP_READ;
            }
            if (!records.hasPendingOutput()) {
                ready |= ownerInterest & SelectionKey.OP_WRITE;
            }
        }
        if (ready != 0) {
            try {
                owner.onReady(ready);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "IO handler for " + transport.channel
                        + " failed; closing the channel", e);
                transport.closeQuietly();
            }
        }
    }
}
