package dev.eddy.process;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.TimeoutException;

import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A child process driven from the loop: start it, write its stdin, read its stdout and
 * stderr as streams, wait for its exit as a future, kill it. Tornado's
 * {@code process.Subprocess}.
 *
 * <pre>{@code
 * Subprocess p = Subprocess.start(loop, ProcessOptions.of("sh", "-c", "echo hi; exit 3"));
 * p.collect().whenComplete((r, err) -> System.out.println(r.exitCode() + " " + r.stdout()));
 * }</pre>
 *
 * <h2>Never blocking the loop</h2>
 * Starting a process (fork/exec) and every pipe read and write are blocking calls in Java,
 * so they run on helper threads ({@link HelperThreads}: virtual threads where the JDK has
 * them) that hand their results to the loop. The exit is learned from
 * {@link Process#onExit()}. The {@code Subprocess} object is returned at once; writes made
 * before the child is up wait in line, and if it cannot be started at all
 * ({@link #started()} fails) so do the exit future and every read.
 *
 * <h2>Nothing lost</h2>
 * The exit future completes only after the child has exited <em>and</em> the end of its
 * stdout and stderr has reached the loop: everything the child wrote just before it exited
 * is readable by then. Output is buffered only up to a bound per stream
 * ({@link ProcessOptions#chunksInFlight()}); beyond that the child is paused by its full
 * pipe until the loop reads. So read (or {@link Redirect#DISCARD discard}) what you pipe:
 * a child whose large output nobody reads does not finish, exactly as with any pipe.
 *
 * <h2>Ending it</h2>
 * {@link #kill(Duration)} asks (SIGTERM via {@link Process#destroy()}), and after the grace
 * period insists ({@link Process#destroyForcibly()}, SIGKILL). A
 * {@link ProcessOptions#timeout()} kills the child when the whole run takes too long, and
 * the exit future then fails with {@link TimeoutException}. Only the child itself is
 * signalled, not processes it started.
 *
 * <p>Not thread-safe: create and use it on the loop's thread (every method checks).
 */
public final class Subprocess {

    private final IOLoop loop;
    private final ProcessOptions options;
    private final String name;
    private final ProcessInput stdin;
    private final ProcessOutput stdout;
    private final ProcessOutput stderr;
    private final Promise<Long> started;
    private final Promise<Integer> exit;
    private Process process;           // set on the loop once started
    private Timeout runTimer;
    private Timeout forceKillTimer;
    private Duration requestedKill;    // a kill asked for before the child was up
    private boolean timedOut;

    private Subprocess(IOLoop loop, ProcessOptions options) {
        this.loop = loop;
        this.options = options;
        this.name = String.join(" ", options.command());
        this.stdin = new ProcessInput(loop, "stdin of [" + name + "]", options.stdin() == Redirect.PIPE);
        this.stdout = new ProcessOutput(loop, "stdout of [" + name + "]", options.chunkSize(), options.chunksInFlight());
        this.stderr = new ProcessOutput(loop, "stderr of [" + name + "]", options.chunkSize(), options.chunksInFlight());
        this.started = new Promise<>(loop);
        this.exit = new Promise<>(loop);
    }

    /** Starts {@code command} with default options. Loop thread. */
    public static Subprocess start(IOLoop loop, String... command) {
        return start(loop, ProcessOptions.of(command));
    }

    /**
     * Starts a child process without blocking the loop (the fork/exec happens on a helper
     * thread). Returns at once; watch {@link #started()} or {@link #exit()} for failures to
     * start (no such program, no permission...). Loop thread.
     */
    public static Subprocess start(IOLoop loop, ProcessOptions options) {
        Objects.requireNonNull(options, "options");
        loop.checkLoopThread("Subprocess.start");
        Subprocess p = new Subprocess(loop, options);
        if (options.timeout() != null) {
            p.runTimer = loop.callLater(options.timeout(), p::onTimeout);
        }
        HelperThreads.start("eddy-process-start", p::launch);
        return p;
    }

    /** On a helper thread: fork/exec, then start the pipe threads, then tell the loop. */
    private void launch() {
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
            stdout.post(() -> startFailed(e));     // (if the loop is closed, nobody is waiting)
            return;
        }
        startPipes(child);
        if (!stdout.post(() -> onStarted(child))) {
            child.destroyForcibly();     // the loop is closed: nobody will ever wait for this child
        }
    }

    private void startPipes(Process child) {
        if (options.stdout() == Redirect.PIPE) {
            stdout.startReader(child.getInputStream());
        } else {
            stdout.post(() -> stdout.onEnd(null));
        }
        if (options.stderr() == Redirect.PIPE) {
            stderr.startReader(child.getErrorStream());
        } else {
            stderr.post(() -> stderr.onEnd(null));
        }
        stdin.attach(child.getOutputStream());
    }

    private void onStarted(Process child) {
        process = child;
        started.tryComplete(child.pid());
        Futures.fromStage(loop, child.onExit()).addDoneCallback(f -> onExited());
        if (requestedKill != null) {
            kill(requestedKill);
        }
    }

    private void startFailed(Throwable cause) {
        cancelTimers();
        started.tryFail(cause);
        exit.tryFail(cause);
        stdin.startFailed(cause);
        stdout.onEnd(cause);
        stderr.onEnd(cause);
    }

    /** The child has exited: wait until both outputs have fully arrived, then report. */
    private void onExited() {
        stdout.sourceExited();
        stderr.sourceExited();
        stdin.processExited();
        Futures.all(loop, List.of(stdout.ended(), stderr.ended())).addDoneCallback(f -> finish());
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

    /** A future of the child's pid, once it has started; fails if it could not be started. */
    public Future<Long> started() {
        return started;
    }

    /**
     * A future of the exit code, completed after all output has arrived. Fails with the
     * start error, with {@link TimeoutException} after a {@link ProcessOptions#timeout()},
     * or with {@link ProcessExitException} for a non-zero code when
     * {@link ProcessOptions#checkExit()} is set.
     */
    public Future<Integer> exit() {
        return exit;
    }

    public ProcessInput stdin() {
        return stdin;
    }

    public ProcessOutput stdout() {
        return stdout;
    }

    public ProcessOutput stderr() {
        return stderr;
    }

    /** {@link #kill(Duration)} with {@link ProcessOptions#killGrace()}. */
    public Future<Integer> kill() {
        return kill(options.killGrace());
    }

    /**
     * Ends the child: SIGTERM now, SIGKILL if it is still alive after {@code grace} (zero:
     * SIGKILL at once). Returns {@link #exit()}. Killing a finished child does nothing.
     * Loop thread.
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
            process.destroyForcibly();
        } else {
            process.destroy();
            if (forceKillTimer == null) {
                forceKillTimer = loop.callLater(grace, () -> {
                    if (process.isAlive()) {
                        process.destroyForcibly();
                    }
                });
            }
        }
        return exit;
    }

    /**
     * Reads stdout and stderr to the end (as UTF-8, at most 16 MiB each) and waits for the
     * exit: the whole result of a short command. Fails as {@link #exit()} does.
     */
    public Future<ProcessResult> collect() {
        Future<String> out = stdout.collect();
        Future<String> err = stderr.collect();
        return Futures.all(loop, List.of(out, err, exit))
                .map(all -> new ProcessResult(exit.join(), out.join(), err.join()));
    }

    @Override
    public String toString() {
        return "Subprocess[" + name + (process == null ? "" : ", pid " + process.pid())
                + (exit.isDone() ? ", exited" : "") + "]";
    }
}
