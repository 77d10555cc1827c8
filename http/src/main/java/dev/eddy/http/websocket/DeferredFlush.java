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
 *       last two turns <em>and</em> the oldest frame has waited less than
 *       {@link #MAX_WAIT_NANOS}. An application working through a read batch (an echo answering
 *       a hundred messages, one receive and one send each) so gets one write for the batch; one
 *       that stops taking messages, or has none waiting, has its frames written within two turns,
 *       and one slowly working through a long backlog has them written every millisecond.</li>
 * </ol>
 * Two turns, as a margin: a receive's done-callback now runs at the end of the loop step that
 * completed it (see {@link dev.eddy.Future}), so an application taking messages one callback
 * after another takes one every turn or faster; the second turn covers one that hops through
 * a loop callback of its own between messages.
 *
 * <p>Made on a connection's first deferred send (an idle connection has none). Loop thread only.
 */
final class DeferredFlush implements Runnable {

    /** Queued bytes past which the application's frames are written at once. */
    static final int WRITE_AT = 64 * 1024;
    /** Turns without a message taken after which waiting frames are written anyway. */
    private static final int PATIENCE_TURNS = 2;
    /** The longest a frame waits for the application to finish its batch. */
    static final long MAX_WAIT_NANOS = 1_000_000;

    private final IOLoop loop;
    private final Inbox inbox;
    private final WebSocket ws;
    private boolean scheduled;
    private long firstQueuedAt;
    private int takenSeen;
    private int quietTurns;

    DeferredFlush(IOLoop loop, Inbox inbox, WebSocket ws) {
        this.loop = loop;
        this.inbox = inbox;
        this.ws = ws;
    }

    /** The application queued a frame: make sure a check runs next turn. */
    void frameQueued() {
        if (!scheduled) {
            scheduled = true;
            firstQueuedAt = loop.time();
            takenSeen = inbox.taken();
            quietTurns = 0;
            loop.addCallback(this);
        }
    }

    /** The check of a turn: write, or look again next turn. */
    @Override
    public void run() {
        scheduled = false;
        if (!ws.hasOutputToFlush()) {
            return;                     // already written (a flush of another kind came first)
        }
        int taken = inbox.taken();
        if (taken != takenSeen) {
            takenSeen = taken;
            quietTurns = 0;
        } else {
            quietTurns++;
        }
        if (inbox.hasWaiting() && quietTurns < PATIENCE_TURNS && loop.time() - firstQueuedAt < MAX_WAIT_NANOS) {
            scheduled = true;
            loop.addCallback(this);
            return;
        }
        ws.flushNow();
    }
}
