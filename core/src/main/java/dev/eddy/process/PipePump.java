package dev.eddy.process;

import dev.eddy.IOLoop;
import dev.eddy.Promise;

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
 * <p>{@link #done()} succeeds when the copy reached the end, or fails with the
 * {@link IOException} that stopped it (the loop closed its end: nobody wants the rest).
 * Both streams are closed either way. The counters are readable from any thread.
 */
final class PipePump implements Runnable {

    private final InputStream from;
    private final OutputStream to;
    private final byte[] chunk;
    private final Promise<Void> done;
    private volatile long copied;

    PipePump(IOLoop loop, InputStream from, OutputStream to, int chunkSize) {
        this.from = from;
        this.to = to;
        this.chunk = new byte[chunkSize];
        this.done = new Promise<>(loop);
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
            done.tryFail(e);
            return;
        }
        done.tryComplete(null);
    }

    /** Completes (on the loop) when the copy has ended; fails if it broke off. */
    Promise<Void> done() {
        return done;
    }

    /** Bytes copied so far. */
    long copied() {
        return copied;
    }
}
