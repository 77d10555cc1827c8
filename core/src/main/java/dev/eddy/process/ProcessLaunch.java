package dev.eddy.process;

import dev.eddy.IOLoop;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;

/**
 * The start of a {@link Subprocess}, on a helper thread: the fork/exec, then the
 * {@link PipePump}s between the child's pipes and the loop's, then a word to the loop
 * ({@link Subprocess#onStarted} or {@link Subprocess#startFailed}, through
 * {@link IOLoop#addCallback}).
 *
 * <p>It exists apart from {@code Subprocess} because it is the one part that runs off the
 * loop: starting a process blocks, so it cannot run there. Everything it touches it was given
 * at construction (the options, the name, the far ends of the three {@code java.nio} pipes),
 * and it reaches the subprocess only by posting to its loop.
 *
 * <p>Runs once, on a helper thread. Never touches the loop's objects (the streams, the
 * futures, the timers) from that thread.
 */
final class ProcessLaunch implements Runnable {

    private final Subprocess subprocess;
    private final IOLoop loop;
    private final ProcessOptions options;
    private final String name;
    private final Pipe inPipe;
    private final Pipe outPipe;
    private final Pipe errPipe;

    ProcessLaunch(Subprocess subprocess, IOLoop loop, ProcessOptions options, String name,
                  Pipe inPipe, Pipe outPipe, Pipe errPipe) {
        this.subprocess = subprocess;
        this.loop = loop;
        this.options = options;
        this.name = name;
        this.inPipe = inPipe;
        this.outPipe = outPipe;
        this.errPipe = errPipe;
    }

    /** On the helper thread: fork/exec, then start the pumps, then tell the loop. */
    @Override
    public void run() {
        ProcessBuilder pb = new ProcessBuilder(options.command())
                .redirectInput(options.stdin())
                .redirectOutput(options.stdout())
                .redirectError(options.stderr());
        if (options.directory() != null) {
            pb.directory(options.directory().toFile());
        }
        pb.environment().putAll(options.environment());
        Process child;
        try {
            child = pb.start();
        } catch (Throwable e) {
            closeQuietly(inPipe.source(), outPipe.sink(), errPipe.sink());
            post(() -> subprocess.startFailed(e));
            return;
        }
        PipePump out = pump(child.getInputStream(), options.stdout(), outPipe, "stdout");
        pump(child.getErrorStream(), options.stderr(), errPipe, "stderr");
        if (options.stdin() == Redirect.PIPE) {
            new PipePump(Channels.newInputStream(inPipe.source()), child.getOutputStream(), options.chunkSize())
                    .start("eddy-stdin-" + child.pid());
        } else {
            closeQuietly(inPipe.source());   // writes to stdin() then fail: nobody reads them
        }
        if (!post(() -> subprocess.onStarted(child, out))) {
            child.destroyForcibly();         // the loop is closed: nobody will ever wait for this child
        }
    }

    /** A pump from a child's output into {@code pipe}, or (not piped) an empty stream. */
    private PipePump pump(InputStream from, Redirect redirect, Pipe pipe, String what) {
        if (redirect != Redirect.PIPE) {
            closeQuietly(pipe.sink());       // the loop's stream sees its end at once
            return null;
        }
        return new PipePump(from, Channels.newOutputStream(pipe.sink()), options.chunkSize())
                .start("eddy-" + what + "-" + name);
    }

    private boolean post(Runnable r) {
        try {
            loop.addCallback(r);
            return true;
        } catch (RuntimeException closed) {
            return false;
        }
    }

    private static void closeQuietly(Closeable... channels) {
        for (Closeable c : channels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to tell anyone: this end is being abandoned
            }
        }
    }
}
