package dev.eddy.process;

import java.util.concurrent.ThreadFactory;

import dev.eddy.internal.VirtualThreads;

/**
 * Where a subprocess's blocking pipe reads and writes run: never on the loop thread, on a
 * helper thread instead. Java has no selectable pipes (a {@code Process}'s streams are plain
 * blocking {@code InputStream}/{@code OutputStream}s), so the only way to read a child's
 * output without blocking the loop is to let another thread block for us.
 *
 * <p>On JDK 21+ the helpers are virtual threads: a blocked pipe read then costs a few
 * hundred bytes instead of a platform thread's stack. The library is compiled for Java 17,
 * so {@code Thread.ofVirtual()} is reached at run time through {@link VirtualThreads}; on
 * older JDKs the helpers are daemon platform threads (daemon: a forgotten child must not keep
 * the JVM alive).
 */
final class HelperThreads {

    private static final System.Logger LOG = System.getLogger("dev.eddy.process");
    private static final ThreadFactory FACTORY = chooseFactory();

    private HelperThreads() {
    }

    /** Starts {@code task} on a new helper thread called {@code name}. Thread-safe. */
    static Thread start(String name, Runnable task) {
        Thread t = FACTORY.newThread(task);
        t.setName(name);
        t.start();
        return t;
    }

    /** True when helpers are virtual threads. */
    static boolean virtual() {
        return !(FACTORY instanceof PlatformDaemons);
    }

    private static ThreadFactory chooseFactory() {
        ThreadFactory virtual = VirtualThreads.factory(null);
        if (virtual != null) {
            return virtual;
        }
        LOG.log(System.Logger.Level.DEBUG, "no virtual threads on this JDK; subprocess pipes use daemon threads");
        return new PlatformDaemons();
    }

    /** The JDK 17 fallback: daemon platform threads. */
    private static final class PlatformDaemons implements ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }
    }
}
