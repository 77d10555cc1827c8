package dev.eddy.process;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.TimeoutException;
import dev.eddy.net.IOStream;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A child process driven from the loop: start it, write its stdin and read its stdout and
 * stderr as {@link IOStream}s, wait for its exit as a future, kill it. Tornado's
 * {@code process.Subprocess}.
 *
 * <pre>{@code
 * Subprocess p = Subprocess.start(loop, ProcessOptions.of("sh", "-c", "echo hi; exit 3"));
 * p.collect().whenComplete((r, err) -> System.out.println(r.exitCode() + " " + r.stdout()));
 * }</pre>
 *
 * <h2>Never blocking the loop</h2>
 * Starting a process (fork/exec) and every read and write of its pipes are blocking calls in
 * Java, so they run on helper threads ({@link HelperThreads}: virtual threads where the JDK
 * has them). Between each child pipe and the loop sits a {@code java.nio} {@link Pipe}, which
 * a selector can watch, and a {@link PipePump} thread copying across. So the three streams
 * are ordinary {@link IOStream}s: {@code readUntil}, {@code readBytes},
 * {@code readUntilClose}, writes with back-pressure, the same code as for sockets. The exit
 * is learned from {@link Process#onExit()}. {@code start} returns at once; if the child
 * cannot be started at all, {@link #started()} and {@link #exit()} fail and the streams close
 * with that cause.
 *
 * <h2>Bounded, and nothing lost</h2>
 * While the child runs, nothing reads its output unless you do: a child writing more than
 * you read is paused by its full pipe, and at most one chunk plus two pipes' worth of its
 * output is held in between. Once the child has exited, its streams are read to their end
 * (what is left is at most those few pipes' worth), and only then does the exit future
 * complete: everything the child wrote before exiting is in the stream buffers by then, and
 * a {@code readUntilClose()} completes without waiting. Closing a stream you do not want
 * ({@code stdout().close()}) makes the child's further writes to it fail (SIGPIPE); or
 * choose {@link Redirect#DISCARD} in the options.
 *
 * <h2>Ending it</h2>
 * {@link #kill(Duration)} asks (SIGTERM via {@link Process#destroy()}) and, after the grace
 * period, insists ({@link Process#destroyForcibly()}, SIGKILL). A
 * {@link ProcessOptions#timeout()} kills the child when the whole run takes too long and the
 * exit future then fails with {@link TimeoutException}. A kill reaches the child's
 * descendants too (those alive at that moment): otherwise a grandchild holding the child's
 * stdout would keep that stream, and so the exit future, open. A grandchild left running
 * after a normal exit delays the exit future in the same way, until it exits or closes
 * its output.
 *
 * <p>Not thread-safe: create and use it on the loop's thread (every method checks).
 */
public final class Subprocess {

    private final IOLoop loop;
    private final ProcessOptions options;
    private final String name;
    private final ProcessLaunch launch;     // runs once, on a helper thread
    private final IOStream stdin;
    private final IOStream stdout;
    private final IOStream stderr;
    private final Promise<Long> started;
    private final Promise<Integer> exit;
    private Process process;           // set on the loop once started
    private PipePump stdoutPump;
    private Timeout runTimer;
    private Timeout forceKillTimer;
    private Duration requestedKill;    // a kill asked for before the child was up
    private boolean timedOut;

    private Subprocess(IOLoop loop, ProcessOptions options) throws IOException {
        this.loop = loop;
        this.options = options;
        this.name = String.join(" ", options.command());
        Pipe inPipe = Pipe.open();
        Pipe outPipe = Pipe.open();
        Pipe errPipe = Pipe.open();
        this.stdin = new IOStream(loop, PipeTransport.writing(inPipe), options.streams());
        this.stdout = new IOStream(loop, PipeTransport.reading(outPipe), options.streams());
        this.stderr = new IOStream(loop, PipeTransport.reading(errPipe), options.streams());
        this.launch = new ProcessLaunch(this, loop, options, name, inPipe, outPipe, errPipe);
        this.started = new Promise<>(loop);
        this.exit = new Promise<>(loop);
    }

    /**
     * Starts {@code command} with default options. Loop thread.
     *
     * @param loop the loop the child's streams and futures belong to
     * @param command the program and its arguments (no shell)
     * @return the subprocess, starting; see {@link #start(IOLoop, ProcessOptions)}
     */
    public static Subprocess start(IOLoop loop, String... command) {
        return start(loop, ProcessOptions.of(command));
    }

    /**
     * Starts a child process without blocking the loop (the fork/exec happens on a helper
     * thread). Returns at once; watch {@link #started()} or {@link #exit()} for failures to
     * start (no such program, no permission...). Loop thread.
     *
     * @param loop the loop the child's streams and futures belong to
     * @param options what to run and how
     * @return the subprocess, starting: its streams are usable at once
     * @throws UncheckedIOException if the pipes to the loop cannot be made (out of file descriptors)
     */
    public static Subprocess start(IOLoop loop, ProcessOptions options) {
        Objects.requireNonNull(options, "options");
        loop.checkLoopThread("Subprocess.start");
        Subprocess p;
        try {
            p = new Subprocess(loop, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the pipes for " + options.command(), e);
        }
        if (options.timeout() != null) {
            p.runTimer = loop.callLater(options.timeout(), p::onTimeout);
        }
        HelperThreads.start("eddy-process-start", p.launch);
        return p;
    }

    /** The child is up ({@link ProcessLaunch}, posted to the loop). */
    void onStarted(Process child, PipePump out) {
        process = child;
        stdoutPump = out;
        started.tryComplete(child.pid());
        Futures.fromStage(loop, child.onExit()).addDoneCallback(f -> onExited());
        if (requestedKill != null) {
            kill(requestedKill);
        }
    }

    /** The child could not be started ({@link ProcessLaunch}, posted to the loop). */
    void startFailed(Throwable cause) {
        cancelTimers();
        started.tryFail(cause);
        exit.tryFail(cause);
        stdin.close(cause);
        stdout.close(cause);
        stderr.close(cause);
    }

    /**
     * The child has exited. Its output streams are now read to their end even if nobody
     * reads them (watching the close future makes an IOStream keep what arrives): what is
     * left is bounded, and the exit is reported only once all of it is in.
     */
    private void onExited() {
        stdin.close(new EOFException("the process has exited"));
        Futures.all(loop, List.of(stdout.closeFuture(), stderr.closeFuture())).addDoneCallback(f -> finish());
    }

    private void finish() {
        cancelTimers();
        int code = process.exitValue();
        if (timedOut) {
            exit.tryFail(new TimeoutException("process [" + name + "] did not finish within "
                    + options.timeout() + "; it was killed (exit code " + code + ")"));
        } else if (options.checkExit() && code != 0) {
            exit.tryFail(new ProcessExitException(options.command(), code));
        } else {
            exit.tryComplete(code);
        }
    }

    private void onTimeout() {
        timedOut = true;
        kill(options.killGrace());
    }

    private void cancelTimers() {
        if (runTimer != null) {
            runTimer.cancel();
        }
        if (forceKillTimer != null) {
            forceKillTimer.cancel();
        }
    }

    // ------------------------------------------------------------------ the public face

    /**
     * A future of the child's pid, once it has started; fails if it could not be started.
     *
     * @return a future completing with the child's pid, or failing with the start error
     */
    public Future<Long> started() {
        return started;
    }

    /**
     * A future of the exit code, completed after all output has arrived. Fails with the
     * start error, with {@link TimeoutException} after a {@link ProcessOptions#timeout()},
     * or with {@link ProcessExitException} for a non-zero code when
     * {@link ProcessOptions#checkExit()} is set. Unix reports death by signal N as 128 + N.
     *
     * @return a future completing with the exit code
     */
    public Future<Integer> exit() {
        return exit;
    }

    /**
     * The child's stdin. A write's future completes when the bytes are in the pipe; with more
     * than the stream's high-water mark queued, only once the child has caught up
     * (back-pressure). Use {@link #closeStdin()} to send end-of-file after the writes.
     *
     * @return the stream that writes to the child's stdin
     */
    public IOStream stdin() {
        return stdin;
    }

    /**
     * The child's stdout, an {@link IOStream} that ends (closes) when the child's output ends.
     *
     * @return the stream that reads the child's stdout
     */
    public IOStream stdout() {
        return stdout;
    }

    /**
     * The child's stderr, like {@link #stdout()}.
     *
     * @return the stream that reads the child's stderr
     */
    public IOStream stderr() {
        return stderr;
    }

    /**
     * Closes stdin once every write made so far has reached the pipe, so the child reads
     * end-of-file after all of it. ({@code stdin().close()} closes at once and fails writes
     * still queued, as closing a socket does.)
     *
     * @return a future completing (with null) once stdin is closed
     */
    public Future<Void> closeStdin() {
        loop.checkLoopThread("Subprocess.closeStdin");
        Promise<Void> closed = new Promise<>(loop);
        closeStdinWhenDrained(closed);
        return closed;
    }

    private void closeStdinWhenDrained(Promise<Void> closed) {
        if (stdin.isClosed() || stdin.queuedWriteBytes() == 0) {
            stdin.close();
            closed.tryComplete(null);
            return;
        }
        // an empty write completes after every byte queued before it: then look again
        stdin.write(ByteBuffer.allocate(0)).addDoneCallback(f -> closeStdinWhenDrained(closed));
    }

    /**
     * {@link #kill(Duration)} with {@link ProcessOptions#killGrace()}.
     *
     * @return the child's {@link #exit()} future
     */
    public Future<Integer> kill() {
        return kill(options.killGrace());
    }

    /**
     * Ends the child and the processes it started: SIGTERM now, SIGKILL if the child is still
     * alive after {@code grace} (zero: SIGKILL at once). Returns {@link #exit()}. Killing a
     * finished child does nothing. Loop thread.
     *
     * @param grace how long to wait after SIGTERM before SIGKILL; zero sends SIGKILL at once
     * @return the child's {@link #exit()} future
     */
    public Future<Integer> kill(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        loop.checkLoopThread("Subprocess.kill");
        if (exit.isDone()) {
            return exit;
        }
        if (process == null) {
            requestedKill = grace;       // not up yet: kill as soon as it is
            return exit;
        }
        if (grace.isZero()) {
            signal(true);
        } else {
            signal(false);
            if (forceKillTimer == null) {
                forceKillTimer = loop.callLater(grace, () -> {
                    if (process.isAlive()) {
                        signal(true);
                    }
                });
            }
        }
        return exit;
    }

    /**
     * Sends SIGTERM (or, forcibly, SIGKILL) to the child and then to its descendants. The
     * descendants are listed first: once the child is gone its children are re-parented and
     * can no longer be found from it, and a grandchild (the {@code sleep} in
     * {@code sh -c "sleep 9; echo"}) would keep the output pipe, and so the exit future, open.
     * The child is signalled first so that it cannot react to its children dying (a shell
     * would go on to the next command). Listing descendants reads /proc: a helper thread does it.
     */
    private void signal(boolean force) {
        Process child = process;
        HelperThreads.start("eddy-kill-" + child.pid(), () -> {
            List<ProcessHandle> descendants = child.descendants().toList();
            if (force) {
                child.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
            } else {
                child.destroy();
                descendants.forEach(ProcessHandle::destroy);
            }
        });
    }

    /**
     * Reads stdout and stderr to their end (as UTF-8, up to the streams' read limit) and waits
     * for the exit: the whole result of a short command. Fails as {@link #exit()} does.
     *
     * @return a future completing with the exit code and both outputs, or failing as
     *     {@link #exit()} fails, or when an output is longer than the streams' read limit
     */
    public Future<ProcessResult> collect() {
        Future<byte[]> out = stdout.readUntilClose();
        Future<byte[]> err = stderr.readUntilClose();
        return Futures.all(loop, List.of(out, err, exit)).map(all -> new ProcessResult(exit.join(),
                new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8)));
    }

    /** Bytes of stdout copied from the child towards the loop so far (0 before start). For tests. */
    long stdoutBytesPumped() {
        return stdoutPump == null ? 0 : stdoutPump.copied();
    }

    @Override
    public String toString() {
        return "Subprocess[" + name + (process == null ? "" : ", pid " + process.pid())
                + (exit.isDone() ? ", exited" : "") + "]";
    }
}
