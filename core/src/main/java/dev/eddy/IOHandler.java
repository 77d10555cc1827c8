package dev.eddy;

/**
 * What the loop calls when a registered channel is ready: {@code readyOps} is the set of
 * {@link java.nio.channels.SelectionKey} operations (OP_READ, OP_WRITE, OP_ACCEPT,
 * OP_CONNECT) that are both ready and currently of interest.
 *
 * <p>Runs on the loop thread. It must not block: read what is there, write what fits,
 * and return.
 *
 * <h2>If it throws</h2>
 * The loop logs the exception (repeated identical failures at a bounded rate) and carries
 * on serving every other channel; a throw, even an {@link Error}, never ends the loop. What
 * happens to the channel depends on what the channel is:
 * <ul>
 *   <li>a connection (any channel but a listening socket) is closed: its handler's state is
 *       unknown now, and closing tells the peer;</li>
 *   <li>a listening socket ({@link java.nio.channels.ServerSocketChannel}) is <em>never</em>
 *       closed by the loop, since that would refuse every future connection for good. It is
 *       paused (interest 0) for a short moment and then watched again for what it was
 *       watched for, unless its owner changed the interest or removed it meanwhile. An owner
 *       that wants a listener closed closes it itself.</li>
 * </ul>
 * A handler that can recover (an {@code accept} that failed for lack of descriptors, say)
 * should catch the exception itself and decide; the rule above is the safety net.
 */
@FunctionalInterface
public interface IOHandler {

    /**
     * Called on the loop thread with the ready {@code SelectionKey.OP_*} bits; a throw is
     * logged, and the channel closed (a listening socket: paused and resumed).
     *
     * @param readyOps the ready {@code SelectionKey.OP_*} bits
     * @throws Exception when handling fails; logged, and the channel closed
     */
    void onReady(int readyOps) throws Exception;
}
