package dev.eddy.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The helper-thread half of writing a child's stdin: takes requests from the line that
 * {@link ProcessInput} fills on the loop, does the blocking write (a full pipe blocks here,
 * never on the loop) and completes the request's future, which is thread-safe and delivers
 * on the loop. A close request closes the pipe and ends the thread.
 *
 * <p>After the first failed write (typically a broken pipe: the child is gone) the pipe is
 * closed and every later request fails with the same cause.
 */
final class ChunkWriter implements Runnable {

    private final BlockingQueue<ProcessInput.Request> line;
    private final String name;
    private final AtomicLong queued = new AtomicLong();
    private volatile OutputStream pipe;

    ChunkWriter(BlockingQueue<ProcessInput.Request> line, String name) {
        this.line = line;
        this.name = name;
    }

    void attach(OutputStream pipe) {
        this.pipe = pipe;
    }

    void queued(int bytes) {
        queued.addAndGet(bytes);
    }

    long queuedBytes() {
        return queued.get();
    }

    @Override
    public void run() {
        RuntimeException broken = null;
        try {
            while (true) {
                ProcessInput.Request r = line.take();
                if (r.bytes() == null) {
                    closeQuietly();
                    r.done().tryComplete(null);
                    return;
                }
                queued.addAndGet(-r.bytes().length);
                if (broken != null) {
                    r.done().tryFail(broken);
                    continue;
                }
                try {
                    pipe.write(r.bytes());
                    pipe.flush();
                    r.done().tryComplete(null);
                } catch (IOException e) {
                    broken = new UncheckedIOException("writing to " + name + " failed: " + e.getMessage(), e);
                    closeQuietly();
                    r.done().tryFail(broken);
                }
            }
        } catch (InterruptedException e) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            pipe.close();
        } catch (IOException ignored) {
            // the child is gone; there is nothing left to tell it
        }
    }
}
