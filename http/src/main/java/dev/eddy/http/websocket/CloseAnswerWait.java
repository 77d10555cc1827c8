package dev.eddy.http.websocket;

import dev.eddy.IOLoop;

/**
 * The peer's close, waiting for this end's answer while the application finishes with the
 * messages that came before it.
 *
 * <p>Why wait at all: once this end has sent its close frame it may send nothing more, so an
 * answer sent the moment the peer's close arrives would cut off the application's replies to the
 * messages of the same read (an echo would lose its last echoes). Why not wait long: RFC 6455
 * section 5.5.1 asks for the answer "as soon as practical", and a peer that has closed may stop
 * reading anyway; an application that has stopped receiving (it only pushes, or it holds a
 * message it will never answer) must not hold every close up until the close timeout.
 *
 * <p>So a check once a loop turn answers as soon as the application has taken every message and
 * come back for more (its {@code receive()} answers at once too, see {@link WebSocket}), or has
 * taken none for two turns ({@link ApplicationPace}). An application that keeps taking messages
 * through a long backlog is cut short by {@link WebSocketOptions#closeTimeout()}, the timer
 * {@link CloseHandshake} keeps. The messages stay in the {@link Inbox} either way:
 * {@code receive()} still hands them out after the answer.
 *
 * <p>Made only when a close arrives while the application still has messages in hand. It never
 * answers a close that was already answered or a connection that has ended. Loop thread only.
 */
final class CloseAnswerWait extends ApplicationPace {

    private final ConnectionDriver connection;

    /** A wait that starts with {@link #watchFromNow()}. */
    CloseAnswerWait(IOLoop loop, Inbox inbox, ConnectionDriver connection) {
        super(loop, inbox);
        this.connection = connection;
    }

    /** The check of a turn: answer, or look again next turn. */
    @Override
    public void run() {
        if (!connection.isCloseAnswerDue()) {
            return;                     // answered already (receive(), close(), the timeout) or ended
        }
        if (isStillTaking() && !inbox.isDrained()) {
            checkAgainNextTurn();
            return;
        }
        connection.answerClose();
    }
}
