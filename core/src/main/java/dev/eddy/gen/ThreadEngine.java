package dev.eddy.gen;

import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.eddy.internal.VirtualThreads;

/**
 * The thread engine: public API only, so it works on any JDK. Each continuation's body runs
 * on a thread of its own, taken from a {@link ThreadFactory} at the first resume; the
 * thread ends when the body does. See {@link ThreadContinuation} for the hand-over.
 *
 * <p>The default factory makes virtual threads when the JDK has them ({@code Thread.ofVirtual()},
 * found at run time by {@link VirtualThreads} so the code still compiles for Java 17), daemon platform
 * threads otherwise.
 */
final class ThreadEngine extends ContinuationEngine {

    static final ThreadEngine DEFAULT = defaultEngine0();

    /** Releases the threads of continuations that became unreachable while suspended. */
    static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "eddy-continuation-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final ThreadFactory factory;
    private final String description;
    private final AtomicLong liveBodies = new AtomicLong();

    ThreadEngine(ThreadFactory factory, String description) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.description = description;
    }

    @Override
    Continuation create(Continuation.Body body, Continuation.MountHooks hooks) {
        return new ThreadContinuation(this, body, hooks);
    }

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public String description() {
        return description;
    }

    /** Bodies started and not yet finished on this engine (each holds one thread). */
    long liveBodies() {
        return liveBodies.get();
    }

    Thread newThread(Runnable r) {
        Thread t = factory.newThread(r);
        if (t == null) {
            throw new IllegalStateException("the ThreadFactory of the thread continuation engine returned null");
        }
        return t;
    }

    void bodyStarted() {
        liveBodies.incrementAndGet();
    }

    void bodyEnded() {
        liveBodies.decrementAndGet();
    }

    private static ThreadEngine defaultEngine0() {
        ThreadFactory virtual = virtualThreadFactory();
        if (virtual != null) {
            return new ThreadEngine(virtual, "thread (virtual threads, " + Runtime.version() + ")");
        }
        AtomicInteger n = new AtomicInteger();
        return new ThreadEngine(r -> {
            Thread t = new Thread(r, "eddy-continuation-" + n.incrementAndGet());
            t.setDaemon(true);      // an abandoned body must never keep the JVM alive
            return t;
        }, "thread (platform threads: this JDK " + Runtime.version() + " has no virtual threads)");
    }

    /** {@code Thread.ofVirtual().name("eddy-continuation-", 0).factory()}, or null before JDK 21. */
    static ThreadFactory virtualThreadFactory() {
        return VirtualThreads.factory("eddy-continuation-");
    }
}
