package dev.eddy.http.websocket;

import dev.eddy.IOLoop;

/**
 * When the frames the application sends leave: not one system call per send, but once the
 * application has finished a batch of work, the way a Netty handler flushes once per read batch.
 *
 * <p>Frames queued inside the connection's own work (a read, a step of the close handshake, a
 * keep-alive ping) are written when that work ends. Frames the application sends from its own
 * callbacks are written at the first of:
 * <ol>
 *   <li>the application asks for a message and none is waiting: it has answered everything it
 *       was given, so its answers go now ({@link WebSocket#receive()});</li>
 *   <li>the connection's next batch of work (its next read, say);</li>
 *   <li>more than {@link #WRITE_AT} bytes are queued, or a send has to wait for the high-water
 *       mark;</li>
 *   <li>this check, which runs once a loop turn while frames wait. It writes them unless
 *       messages are still waiting in the inbox <em>and</em> the application took one in the
 *       last two turns ({@link ApplicationPace}) <em>and</em> the oldest frame has waited less
 *       than {@link #MAX_WAIT_NANOS}. An application working through a read batch (an echo
 *       answering a hundred messages, one receive and one send each) so gets one write for the
 *       batch; one that stops taking messages, or has none waiting, has its frames written within
 *       two turns, and one slowly working through a long backlog has them written every
 *       millisecond.</li>
 * </ol>
 *
 * <p>Made on a connection's first deferred send (an idle connection has none). It never writes
 * inside a batch of the connection's own work. Loop thread only.
 */
final class DeferredFlush extends ApplicationPace {

    /** Queued bytes past which the application's frames are written at once. */
    static final int WRITE_AT = 64 * 1024;
    /** The longest a frame waits for the application to finish its batch. */
    static final long MAX_WAIT_NANOS = 1_000_000;

    private final ConnectionDriver connection;
    private boolean scheduled;
    private long firstQueuedAt;

    DeferredFlush(IOLoop loop, Inbox inbox, ConnectionDriver connection) {
        super(loop, inbox);
        this.connection = connection;
    }

    /** The application queued a frame: make sure a check runs next turn. */
    void frameQueued() {
        if (!scheduled) {
            scheduled = true;
            firstQueuedAt = loop.time();
            watchFromNow();
        }
    }

    /** The check of a turn: write, or look again next turn. */
    @Override
    public void run() {
        scheduled = false;
        if (!connection.hasOutputToFlush()) {
            return;                     // already written (a flush of another kind came first)
        }
        boolean stillTaking = isStillTaking();
        if (inbox.hasWaiting() && stillTaking && loop.time() - firstQueuedAt < MAX_WAIT_NANOS) {
            scheduled = true;
            checkAgainNextTurn();
            return;
        }
        connection.flushNow();
    }
}
