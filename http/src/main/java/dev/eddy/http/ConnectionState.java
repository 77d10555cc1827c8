package dev.eddy.http;

/**
 * Where an {@link HttpConnection} is in its life. The connection is in one state at a time and
 * changes it in one method; the arrows below are the only moves ({@link #canMoveTo}, checked
 * there when assertions are on).
 *
 * <pre>
 *                          response complete
 *   READING_HEAD ──► HANDLING ─────────────────────────────┐
 *     ▲   │  head      │  │  streamed                      ▼
 *     │   │  parsed    │  └───────► STREAMING ── end() ──► body read? ── no ──► SKIPPING_BODY
 *     │   │            │  101                              │ yes                   │ body read
 *     │   │            └──► UPGRADING ──► UPGRADED         │                       │
 *     │   │                 (once written)                 ▼                       │
 *     └───┼─────────────────────────────── yes ──── keep-alive? ◄──────────────────┘
 *         │                                                │ no
 *         │ FIN after the last answer,                     ▼
 *         └── a malformed or late head (400, 408) ───► CLOSING ── output drained ──► CLOSED
 *                                                          │                           ▲
 *                     the client may still be sending ─────┴──► LINGERING ── its FIN, ─┘
 *                                                                             or quiet / too long
 *
 *   HANDLING ──► CLOSING also when an error is answered (400, 408, 413), and "body read? no"
 *   when the rest is too large to skip. From every state but CLOSED and UPGRADED, an abort
 *   (disconnect, write failure, a deadline with nothing left to say) goes straight to CLOSED.
 * </pre>
 *
 * <p>One exchange at a time: the next head is read only in {@link #READING_HEAD}, which is what
 * keeps pipelined responses in order. Values only; the connection owns the transitions.
 */
enum ConnectionState {
    /** Between exchanges: bytes are parsed as the next request head (or none has arrived). */
    READING_HEAD,
    /** A request's handler is working; its body is read as the handler asks for it. */
    HANDLING,
    /** The response head is out and the handler streams the body ({@link ResponseBodyWriter}). */
    STREAMING,
    /** The response is complete; the rest of the request body is read and dropped. */
    SKIPPING_BODY,
    /** A {@code 101} is encoded; once it is written the connection is handed over. */
    UPGRADING,
    /** Handed over: readiness events go to the new owner, nothing of HTTP is left. */
    UPGRADED,
    /** Nothing more is read or answered; closes once the output has drained. */
    CLOSING,
    /**
     * The answer is out but the client may still be sending (a refused body, a malformed
     * request): the sending side is shut and whatever arrives is read and dropped until the
     * client closes too, or for a bounded time ({@link ConnectionDeadline#LINGER_QUIET}).
     * Closing with its bytes unread would reset the connection, and a reset can destroy the
     * answer before the client reads it.
     */
    LINGERING,
    /** The transport is closed. */
    CLOSED;

    /**
     * True when the diagram has an arrow from this state to {@code next}.
     *
     * @param next the state the connection is about to enter
     * @return whether that move is one of the diagram's
     */
    boolean canMoveTo(ConnectionState next) {
        if (next == CLOSED) {
            return this != CLOSED && this != UPGRADED;
        }
        return switch (this) {
            case READING_HEAD -> next == HANDLING || next == CLOSING;
            case HANDLING -> next != HANDLING && next != LINGERING;
            case STREAMING -> next == READING_HEAD || next == SKIPPING_BODY || next == CLOSING;
            case SKIPPING_BODY -> next == READING_HEAD || next == CLOSING;
            case UPGRADING -> next == UPGRADED;
            case CLOSING -> next == LINGERING;
            case LINGERING, UPGRADED, CLOSED -> false;
        };
    }
}
