package dev.eddy.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A helper thread's loop of blocking copies from one stream to another, chunk by chunk,
 * until the end: from a child's stdout into the pipe the loop reads, or from the pipe the
 * loop writes into the child's stdin. When the source ends, the destination is closed, so
 * the end travels on (the loop's stream sees end-of-stream; the child reads end-of-file).
 *
 * <p>Back-pressure comes for free from blocking: when the loop does not read, the pipe to
 * the loop fills, the pump's write blocks, it stops reading the child, the child's pipe
 * fills and the child's own write blocks. So the output held between child and loop is at
 * most one chunk plus what two OS pipes hold, however much the child writes.
 *
 * <p>It stops at the end of the source or at the first {@link IOException} (typically: the
 * loop closed its end, nobody wants the rest; or the child exited and its stdin is gone).
 * Both streams are closed either way, which is how the other side learns of it. The loop
 * learns of the end through its own end of the pipe, not from the pump.
 */
final class PipePump implements Runnable {

    private static final System.Logger LOG = System.getLogger("dev.eddy.process");

    private final InputStream from;
    private final OutputStream to;
    private final byte[] chunk;
    private volatile long copied;

    PipePump(InputStream from, OutputStream to, int chunkSize) {
        this.from = from;
        this.to = to;
        this.chunk = new byte[chunkSize];
    }

    /** Starts the pump on a helper thread called {@code name}. */
    PipePump start(String name) {
        HelperThreads.start(name, this);
        return this;
    }

    @Override
    public void run() {
        try (from; to) {
            for (int n; (n = from.read(chunk)) >= 0; ) {
                to.write(chunk, 0, n);
                to.flush();
                copied += n;            // one writer thread: a plain volatile add is enough
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "pipe copy ended early", e);
        }
    }

    /** Bytes copied so far. */
    long copied() {
        return copied;
    }
}
