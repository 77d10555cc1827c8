package dev.eddy.process;

import java.io.IOException;
import java.io.InputStream;

/**
 * The helper-thread half of reading a child's stdout or stderr: a loop of blocking reads,
 * each into an empty chunk from the {@link ChunkPool}, each chunk handed to the
 * {@link ProcessOutput} on the loop thread with {@code IOLoop.addCallback}. Then the end
 * (or the error) is handed over the same way, so it arrives after every chunk.
 *
 * <p>It never touches the loop-side state itself; the only shared things are the pool
 * (thread-safe) and the loop's callback queue (thread-safe). It stops when the stream ends,
 * when the read fails, or when the loop has been closed (then the pipe is closed, and a child
 * still writing to it gets a broken pipe, as it would if its reader went away).
 */
final class ChunkReader implements Runnable {

    private static final System.Logger LOG = System.getLogger("dev.eddy.process");

    private final InputStream in;
    private final ProcessOutput output;
    private final ChunkPool pool;

    ChunkReader(InputStream in, ProcessOutput output, ChunkPool pool) {
        this.in = in;
        this.output = output;
        this.pool = pool;
    }

    @Override
    public void run() {
        Throwable failure = null;
        try (in) {
            while (true) {
                byte[] chunk = pool.take();
                int n = in.read(chunk);
                if (n < 0) {
                    pool.give(chunk);
                    break;
                }
                if (n > 0 && !output.post(() -> output.onChunk(chunk, n))) {
                    return;                 // the loop is gone: nobody will consume this
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "reading " + output + " failed", e);
            failure = e;
        }
        Throwable end = failure;
        output.post(() -> output.onEnd(end));
    }
}
