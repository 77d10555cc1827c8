package dev.eddy;

/**
 * What the loop calls when a registered channel is ready: {@code readyOps} is the set of
 * {@link java.nio.channels.SelectionKey} operations (OP_READ, OP_WRITE, OP_ACCEPT,
 * OP_CONNECT) that are both ready and currently of interest.
 *
 * <p>Runs on the loop thread. It must not block: read what is there, write what fits,
 * and return. If it throws, the loop logs the exception, closes the channel and carries on
 * serving every other channel.
 */
@FunctionalInterface
public interface IOHandler {

    /**
     * Called on the loop thread with the ready {@code SelectionKey.OP_*} bits; a throw is
     * logged and the channel closed.
     */
    void onReady(int readyOps) throws Exception;
}
