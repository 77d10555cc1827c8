package dev.eddy.process;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Where a subprocess's blocking pipe reads and writes run: never on the loop thread, on a
 * helper thread instead. Java has no selectable pipes (a {@code Process}'s streams are plain
 * blocking {@code InputStream}/{@code OutputStream}s), so the only way to read a child's
 * output without blocking the loop is to let another thread block for us.
 *
 * <p>On JDK 21+ the helpers are virtual threads: a blocked pipe read then costs a few
 * hundred bytes instead of a platform thread's stack. The library is compiled for Java 17,
 * so {@code Thread.ofVirtual()} is reached through a {@link MethodHandle} at run time; on
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
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle newBuilder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
            MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
            // A builder's factory() is thread-safe, the builder itself is not: keep only the factory.
            return (ThreadFactory) factory.invoke(newBuilder.invoke());
        } catch (Throwable notAvailable) {
            LOG.log(System.Logger.Level.DEBUG, "no virtual threads on this JDK; subprocess pipes use daemon threads");
            return new PlatformDaemons();
        }
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
