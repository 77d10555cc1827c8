package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.LoopOptions;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real {@link IOLoop} running on a thread of its own, and the two ways a test's thread
 * talks to it: {@link #call} runs code on the loop and hands back its result, {@link #await}
 * starts work on the loop and waits for the {@link Future} it returns. Always with a deadline,
 * and a failure comes back as it is (the task's own exception, never wrapped in an
 * {@link ExecutionException}), so a test can assert on it directly:
 *
 * <pre>
 *   try (LoopOnThread background = LoopOnThread.start("echo")) {
 *       EchoServer server = background.call(() -&gt; EchoServer.listen(background.loop(), 0));
 *       try (Socket s = new Socket("127.0.0.1", server.port())) {
 *           // blocking IO on the test's thread while the server runs on its own
 *       }
 *       assertThat(background.await(server::drain)).isEqualTo(1);   // connections served
 *   }
 * </pre>
 *
 * <p>Why it exists: a {@link TestLoop} runs its loop on the test's own thread, which is what
 * most tests want. A test that needs the loop to run <em>while</em> its own thread does
 * something else (blocking socket clients, a second loop, cross-thread callbacks, a watchdog
 * watching a stuck loop) needs the loop on another thread, and then every call into it needs a
 * hand-over and a deadline. {@link #callOn} and {@link #awaitOn} do the same for a loop some
 * other code runs (one of a {@link dev.eddy.net.LoopGroup}'s).
 *
 * <p>What it must never do: wait without a deadline, or wait on the loop's own thread (the
 * loop would wait for itself until the deadline; {@link #call} and {@link #await} throw
 * {@link IllegalStateException} there instead). The thread is a daemon, so a test that forgets
 * to close it cannot keep the JVM alive; {@link #close()} fails the test if the thread does not
 * end.
 *
 * <p>Threads: {@link #call} and {@link #await} from any thread but the loop's, {@link #close()}
 * from any thread (on the loop's own it does not wait); the loop belongs to its thread from
 * {@link #start} to {@link #close()}.
 */
public final class LoopOnThread implements AutoCloseable {

    /** The deadline of {@link #call(Callable)}, {@link #await(Callable)}, starting and {@link #close()}: 5 s. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

    private final IOLoop loop;
    private final Thread thread;
    /** What ended the thread's {@link IOLoop#run()} with a throw, if anything did. */
    private volatile Throwable runFailure;
    private volatile boolean closed;

    private LoopOnThread(IOLoop loop) {
        this.loop = loop;
        this.thread = new Thread(this::runLoop, loop.name());
        thread.setDaemon(true);
    }

    /**
     * A new loop named {@code "loop-on-thread"} ({@link LoopOptions#defaults()}), running on a
     * thread of that name.
     *
     * @return the running loop; close it when the test ends
     * @throws InterruptedException when interrupted while waiting for the loop to start
     */
    public static LoopOnThread start() throws InterruptedException {
        return start("loop-on-thread");
    }

    /**
     * A new loop with {@link LoopOptions#defaults()} and this name, running on a thread of the
     * same name (the name shows in thread dumps and log records).
     *
     * @param name the loop's and the thread's name
     * @return the running loop; close it when the test ends
     * @throws InterruptedException when interrupted while waiting for the loop to start
     */
    public static LoopOnThread start(String name) throws InterruptedException {
        return start(new IOLoop(LoopOptions.defaults().withName(Objects.requireNonNull(name, "name"))));
    }

    /**
     * Runs {@code loop} (one made with options of the test's choosing: a clock, a watchdog, a
     * tracker) on a new thread named after it, and returns once the loop runs its callbacks,
     * so {@link IOLoop#inLoopThread()} is true on that thread from then on. The loop is closed
     * by {@link #close()}.
     *
     * @param loop a loop that is neither running nor closed
     * @return the running loop; close it when the test ends
     * @throws IllegalStateException when the loop is running or closed, or does not start
     *                               within {@link #DEFAULT_DEADLINE}
     * @throws InterruptedException when interrupted while waiting for the loop to start
     */
    public static LoopOnThread start(IOLoop loop) throws InterruptedException {
        Objects.requireNonNull(loop, "loop");
        if (loop.isRunning() || loop.isClosed()) {
            throw new IllegalStateException("a LoopOnThread needs a loop that is neither running nor closed: " + loop);
        }
        LoopOnThread started = new LoopOnThread(loop);
        CountDownLatch running = new CountDownLatch(1);
        loop.addCallback(running::countDown);
        started.thread.start();
        if (!running.await(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            loop.close();
            throw new IllegalStateException("loop '" + loop.name() + "' did not start within " + DEFAULT_DEADLINE,
                    started.runFailure);
        }
        return started;
    }

    private void runLoop() {
        try {
            loop.run();
        } catch (Throwable t) {
            runFailure = t;     // run() refused (the loop was closed meanwhile): start or close reports it
        }
    }

    /**
     * The loop: hand it to the code under test. Touch its state only on its thread (through
     * {@link #call}); {@link IOLoop#addCallback} is the thread-safe way in.
     *
     * @return the loop this thread runs
     */
    public IOLoop loop() {
        return loop;
    }

    /**
     * The thread the loop runs on.
     *
     * @return the loop's thread
     */
    public Thread thread() {
        return thread;
    }

    // ------------------------------------------------------------------ calls into the loop

    /**
     * Runs {@code task} as a loop callback and returns its result, waiting at most
     * {@link #DEFAULT_DEADLINE}.
     *
     * @param task the code to run on the loop thread
     * @param <T>  the type of the result
     * @return what the task returned
     * @throws Exception what the task threw, as it is
     * @throws TestTimeoutError when the task has not returned within the deadline (the
     *                          message carries the loop thread's stack at that moment)
     */
    public <T> T call(Callable<? extends T> task) throws Exception {
        return call(task, DEFAULT_DEADLINE);
    }

    /**
     * Runs {@code task} as a loop callback and returns its result, waiting at most {@code deadline}.
     *
     * @param task     the code to run on the loop thread
     * @param deadline how long to wait, in real time
     * @param <T>      the type of the result
     * @return what the task returned
     * @throws Exception what the task threw, as it is
     * @throws TestTimeoutError when the task has not returned within the deadline (the
     *                          message carries the loop thread's stack at that moment)
     */
    public <T> T call(Callable<? extends T> task, Duration deadline) throws Exception {
        try {
            return callOn(loop, task, deadline);
        } catch (TestTimeoutError e) {
            throw withLoopThreadStack(e);
        }
    }

    /**
     * Runs {@code task} on the loop, then waits at most {@link #DEFAULT_DEADLINE} for the
     * future it returns and hands back the future's value.
     *
     * @param task starts the work on the loop thread and returns its future
     * @param <T>  the type of the result
     * @return the value the future succeeded with
     * @throws Exception the future's failure, or what the task threw, as it is
     * @throws TestTimeoutError when the future is not done within the deadline (then it is cancelled)
     */
    public <T> T await(Callable<? extends Future<T>> task) throws Exception {
        return await(task, DEFAULT_DEADLINE);
    }

    /**
     * Runs {@code task} on the loop, then waits at most {@code deadline} for the future it
     * returns and hands back the future's value.
     *
     * @param task     starts the work on the loop thread and returns its future
     * @param deadline how long to wait, in real time
     * @param <T>      the type of the result
     * @return the value the future succeeded with
     * @throws Exception the future's failure, or what the task threw, as it is
     * @throws TestTimeoutError when the future is not done within the deadline (then it is cancelled)
     */
    public <T> T await(Callable<? extends Future<T>> task, Duration deadline) throws Exception {
        return awaitOn(loop, task, deadline);
    }

    /**
     * {@link #call(Callable, Duration)} for a loop that some other code runs on its own thread
     * (one of a {@link dev.eddy.net.LoopGroup}'s, a server's).
     *
     * @param loop     a loop running on another thread
     * @param task     the code to run on the loop thread
     * @param deadline how long to wait, in real time
     * @param <T>      the type of the result
     * @return what the task returned
     * @throws Exception what the task threw, as it is
     * @throws TestTimeoutError when the task has not returned within the deadline
     * @throws IllegalStateException when called on the loop's own thread
     * @throws RejectedExecutionException when the loop is closed
     */
    public static <T> T callOn(IOLoop loop, Callable<? extends T> task, Duration deadline) throws Exception {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        enter(loop, deadline).addCallback(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return wait(loop, result, deadline, "the task on loop '" + loop.name() + "' did not return");
    }

    /**
     * {@link #await(Callable, Duration)} for a loop that some other code runs on its own
     * thread (one of a {@link dev.eddy.net.LoopGroup}'s, a server's).
     *
     * @param loop     a loop running on another thread
     * @param task     starts the work on the loop thread and returns its future
     * @param deadline how long to wait, in real time
     * @param <T>      the type of the result
     * @return the value the future succeeded with
     * @throws Exception the future's failure, or what the task threw, as it is
     * @throws TestTimeoutError when the future is not done within the deadline (then it is cancelled)
     * @throws IllegalStateException when called on the loop's own thread
     * @throws RejectedExecutionException when the loop is closed
     */
    public static <T> T awaitOn(IOLoop loop, Callable<? extends Future<T>> task, Duration deadline) throws Exception {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?>[] started = new Future<?>[1];
        enter(loop, deadline).addCallback(() -> {
            try {
                Future<T> f = Objects.requireNonNull(task.call(), "the task returned null instead of a Future");
                started[0] = f;
                f.whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return wait(loop, result, deadline, "the future started on loop '" + loop.name() + "' was not done");
        } catch (TestTimeoutError e) {
            cancelOnLoop(loop, started);
            throw e;
        }
    }

    /** Checks what every call needs before it hands the loop anything; returns the loop. */
    private static IOLoop enter(IOLoop loop, Duration deadline) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(deadline, "deadline");
        if (loop.inLoopThread()) {
            throw new IllegalStateException("called on the thread of loop '" + loop.name()
                    + "', which would wait for itself: call it from another thread");
        }
        return loop;
    }

    /** Waits for {@code result}; its failure is thrown as it is, a passed deadline as a {@link TestTimeoutError}. */
    private static <T> T wait(IOLoop loop, CompletableFuture<T> result, Duration deadline, String notDone) throws Exception {
        try {
            return result.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TestTimeoutError(notDone + " within " + deadline);
        } catch (ExecutionException e) {
            throw AsItIs.rethrow(e.getCause());
        }
    }

    /** Cancels the future a timed-out {@link #awaitOn} started, if it got that far, on the loop. */
    private static void cancelOnLoop(IOLoop loop, Future<?>[] started) {
        try {
            loop.addCallback(() -> {
                if (started[0] != null) {
                    started[0].cancel();
                }
            });
        } catch (RejectedExecutionException closed) {
            // nothing runs on a closed loop any more: nothing to cancel
        }
    }

    /** The same error with the loop thread's stack attached: what the loop was busy with instead. */
    private TestTimeoutError withLoopThreadStack(TestTimeoutError e) {
        e.addSuppressed(threadStack("at the deadline"));
        return e;
    }

    /** A throwable whose stack is where the loop thread is now: for a report, never thrown. */
    private Throwable threadStack(String when) {
        Throwable where = new Throwable("the loop thread '" + thread.getName() + "' " + when);
        where.setStackTrace(thread.getStackTrace());
        return where;
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes the loop (and every channel on it) and waits up to {@link #DEFAULT_DEADLINE} for
     * its thread to end. Closing twice does nothing. On the loop's own thread it closes the
     * loop without waiting (the thread ends after the current iteration).
     *
     * @throws AssertionError when the thread is still alive after the deadline (its stack is
     *                        the error's cause), or when the loop's {@code run()} threw
     */
    @Override
    public void close() {
        close(DEFAULT_DEADLINE);
    }

    /**
     * {@link #close()}, waiting at most {@code deadline} for the thread to end.
     *
     * @param deadline how long to wait for the thread, in real time
     * @throws AssertionError when the thread is still alive after the deadline (its stack is
     *                        the error's cause), or when the loop's {@code run()} threw
     */
    public void close(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(Math.max(1, deadline.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for loop '" + loop.name() + "' to stop", e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("the thread of loop '" + loop.name() + "' did not stop within " + deadline,
                    threadStack("still running"));
        }
        Throwable failure = runFailure;
        if (failure != null) {
            throw new AssertionError("loop '" + loop.name() + "' ended with a throw", failure);
        }
    }

    @Override
    public String toString() {
        return "LoopOnThread[" + loop.name() + (closed ? ", closed" : "") + "]";
    }
}
