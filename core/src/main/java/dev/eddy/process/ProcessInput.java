package dev.eddy.process;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A child process's stdin, written from the loop: {@link #write} returns a future that
 * completes when the child's pipe has taken the bytes, and {@link #close()} closes the pipe
 * so the child reads end-of-file (what {@code cat} or {@code sort} wait for before they
 * finish).
 *
 * <p>Back-pressure: a pipe holds only so much (64 KiB on Linux); when the child reads
 * slowly, the write blocks, and so the write's future stays pending. A producer that awaits
 * each write before the next therefore goes at the child's pace and buffers at most one
 * write. (A producer that ignores the futures queues everything in memory; don't.)
 * {@link #queuedBytes()} shows how much is waiting.
 *
 * <p>The blocking writes happen on a helper thread ({@link ChunkWriter}), started when the
 * child has started; writes made before that simply wait in the line. After a write fails
 * (the child exited or closed its stdin: a broken pipe) every later write fails too.
 *
 * <p>Not thread-safe: every method must be called on the loop's thread (it checks).
 */
public final class ProcessInput {

    /** One request for the writer thread: bytes to write, or (bytes == null) close. */
    record Request(byte[] bytes, Promise<Void> done) {
    }

    private final IOLoop loop;
    private final String name;
    private final boolean piped;
    private final LinkedBlockingQueue<Request> line = new LinkedBlockingQueue<>();
    private final ChunkWriter writer;
    private Future<Void> closed;

    ProcessInput(IOLoop loop, String name, boolean piped) {
        this.loop = loop;
        this.name = name;
        this.piped = piped;
        this.writer = new ChunkWriter(line, name);
    }

    /** Writes {@code bytes} (the array must not be changed until the future is done). */
    public Future<Void> write(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        loop.checkLoopThread(name + " write");
        if (!piped) {
            return Future.failed(loop, new IllegalStateException(name + " is not a pipe (see ProcessOptions.stdin)"));
        }
        if (closed != null) {
            return Future.failed(loop, new IllegalStateException(name + " is closed"));
        }
        Promise<Void> done = new Promise<>(loop);
        writer.queued(bytes.length);
        line.add(new Request(bytes, done));
        return done;
    }

    /** Writes {@code text} as UTF-8. */
    public Future<Void> write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Closes the pipe after the writes already made: the child then reads end-of-file. The
     * future completes when it is closed. Closing twice returns the same future.
     */
    public Future<Void> close() {
        loop.checkLoopThread(name + " close");
        if (closed == null) {
            if (!piped) {
                closed = Future.succeeded(loop, null);
            } else {
                Promise<Void> done = new Promise<>(loop);
                line.add(new Request(null, done));
                closed = done;
            }
        }
        return closed;
    }

    public boolean isClosed() {
        return closed != null;
    }

    /** Bytes given to {@link #write} and not yet taken by the pipe. */
    public long queuedBytes() {
        return writer.queuedBytes();
    }

    // ------------------------------------------------------------------ from Subprocess

    /** The child started: start writing into its stdin. Any thread. */
    void attach(OutputStream pipe) {
        if (piped) {
            writer.attach(pipe);
            HelperThreads.start("eddy-" + name.replace(' ', '-'), writer);
        }
    }

    /** The child could not be started: fail every write waiting in line. Loop thread. */
    void startFailed(Throwable cause) {
        for (Request r; (r = line.poll()) != null; ) {
            r.done().tryFail(cause);
        }
        closed = closed != null ? closed : Future.failed(loop, cause);
    }

    /** The child exited: let the writer finish what is in line (it will fail) and stop. Loop thread. */
    void processExited() {
        if (piped && closed == null) {
            close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
