package dev.eddy.http.websocket;

import dev.eddy.IOLoop;

/**
 * Whether a {@link WebSocket}'s application is still working through the messages it was given,
 * judged by a check that runs once a loop turn: it is while it took a message from the
 * {@link Inbox} within the last {@link #PATIENCE_TURNS} turns. Two things wait for the
 * application to finish a batch of messages, and both are such a check: the frames it sends
 * ({@link DeferredFlush}) and the answer to the peer's close ({@link CloseAnswerWait}).
 *
 * <p>Two turns, as a margin: a receive's done-callback runs at the end of the loop step that
 * completed it (see {@link dev.eddy.Future}), so an application taking messages one callback
 * after another takes one every turn or faster; the second turn covers one that hops through a
 * loop callback of its own between messages.
 *
 * <p>A base class rather than a part, so that a check costs one object, not two. It only counts;
 * it never takes a message or writes a frame. Loop thread only.
 */
abstract class ApplicationPace implements Runnable {

    /** Turns without a message taken after which the application counts as having stopped. */
    static final int PATIENCE_TURNS = 2;

    final IOLoop loop;
    final Inbox inbox;
    private int takenSeen;
    private int quietTurns;

    ApplicationPace(IOLoop loop, Inbox inbox) {
        this.loop = loop;
        this.inbox = inbox;
    }

    /** Starts counting from now, and schedules the first check for the next turn. */
    final void watchFromNow() {
        takenSeen = inbox.taken();
        quietTurns = 0;
        loop.addCallback(this);
    }

    /**
     * One turn has passed (call once per check): true while the application took a message within
     * the last {@link #PATIENCE_TURNS} turns.
     */
    final boolean isStillTaking() {
        int taken = inbox.taken();
        if (taken != takenSeen) {
            takenSeen = taken;
            quietTurns = 0;
        } else {
            quietTurns++;
        }
        return quietTurns < PATIENCE_TURNS;
    }

    /** Looks again next turn. */
    final void checkAgainNextTurn() {
        loop.addCallback(this);
    }
}
