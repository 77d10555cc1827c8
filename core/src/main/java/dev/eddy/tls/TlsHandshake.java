package dev.eddy.tls;

import dev.eddy.IOLoop;
import dev.eddy.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * One connection's TLS handshake: does what the engine asks next, one step at a time, until
 * it is done. NEED_WRAP: make the next flight and send it; NEED_UNWRAP: feed the engine what
 * the socket has; NEED_TASK: hand the slow work to {@link DelegatedTasks} and pause until it
 * is back on the loop. It also keeps the handshake's deadline and knows whom it is talking to,
 * so a failure gets a message a person can act on.
 *
 * <p>It exists apart from {@link TlsTransport} because the handshake is a phase: the transport
 * drops this object when the handshake is done, so an open connection carries none of its
 * state (the timer, whom it dialled, whether tasks are out). The transport decides when to
 * take a step (on readiness, or when its owner reads or writes); this class decides what the
 * step is, and moves bytes only through {@link TlsRecords}.
 *
 * <p>Loop thread only (only {@link DelegatedTasks} touches the engine off the loop, through
 * {@code getDelegatedTask()}). Never blocks, never fails the connection itself except through
 * {@link TlsLifecycle#fail} (the timeout), and never takes a step while tasks are out.
 */
final class TlsHandshake {

    private final TlsLifecycle transport;   // to resume when the tasks are back, to fail on the deadline
    private final SSLEngine engine;
    private final TlsRecords records;
    private final SocketChannel channel;
    private final Duration timeout;
    private final String dialled;           // client: "host:port" as dialled; server: null

    private IOLoop loop;
    private Timeout timer;
    private boolean tasksRunning;

    TlsHandshake(TlsLifecycle transport, SSLEngine engine, TlsRecords records, SocketChannel channel,
                 Duration timeout, String dialled) {
        this.transport = transport;
        this.engine = engine;
        this.records = records;
        this.channel = channel;
        this.timeout = timeout;
        this.dialled = dialled;
    }

    /** Arms the deadline and tells the engine to begin (the socket is connected). */
    void begin(IOLoop loop) throws SSLException {
        this.loop = loop;
        timer = loop.callLater(timeout, this::timedOut);
        engine.beginHandshake();
    }

    /**
     * Does what the engine asks until it needs the socket or its tasks; true when the
     * handshake is done. The transport sets the socket interest afterwards ({@link #interest()}).
     *
     * @throws IOException when the handshake failed (the engine's or the socket's error; see
     *     {@link #describe} for the words)
     */
    boolean step() throws IOException {
        while (!tasksRunning) {
            if (records.hasPendingOutput() && !records.flush()) {
                return false;                               // wait for OP_WRITE
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_WRAP) {
                records.wrapHandshake();
            } else if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                if (!unwrap()) {
                    return false;                           // wait for OP_READ
                }
            } else if (hs == HandshakeStatus.NEED_TASK) {
                tasksRunning = true;
                DelegatedTasks.run(engine, loop, this::tasksDone);
            } else {
                return true;
            }
        }
        return false;
    }

    /** True while the engine's delegated tasks run off the loop: no step until they are back. */
    boolean waitingForTasks() {
        return tasksRunning;
    }

    /** The socket interest the handshake needs now: to send held records, to read, or nothing (tasks out). */
    int interest() {
        return records.hasPendingOutput() ? SelectionKey.OP_WRITE
                : !tasksRunning && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP ? SelectionKey.OP_READ
                : 0;
    }

    /** The handshake is over (done, failed or closed): the deadline no longer applies. */
    void end() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** What to report for {@code e}, thrown while handshaking: a {@link TlsHandshakeException} naming the peer. */
    TlsHandshakeException describe(Throwable e) {
        return TlsFailures.describe(e, peer(), engine.getUseClientMode());
    }

    private boolean unwrap() throws IOException {
        boolean progress = records.unwrapHandshake();
        if (!progress && records.sawEndOfStream()) {
            throw new TlsHandshakeException(TlsHandshakeException.Reason.CONNECTION_CLOSED, "TLS handshake with "
                    + peer() + " failed: the peer closed the connection during the handshake", null);
        }
        return progress;
    }

    private void tasksDone() {
        tasksRunning = false;
        transport.resumeHandshake();
    }

    private void timedOut() {
        transport.fail(new TlsHandshakeException(TlsHandshakeException.Reason.TIMEOUT, "TLS handshake with "
                + peer() + " did not finish within " + timeout, null));
    }

    /** Who is on the other end, for messages: the dialled host and port, or the remote address. */
    private String peer() {
        if (dialled != null) {
            return dialled;
        }
        try {
            SocketAddress remote = channel.getRemoteAddress();
            return remote instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(remote);
        } catch (IOException e) {
            return "the peer";
        }
    }
}
