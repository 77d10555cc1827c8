package dev.eddy.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads for code compiled with {@code --release 17}: {@code Thread.ofVirtual()}
 * exists only from JDK 21, so it is found at run time through {@link MethodHandle}s and the
 * caller gets {@code null} on older JDKs (and falls back to platform threads of its own).
 *
 * <p>Why one class: the coroutine thread engine ({@code dev.eddy.gen}) and the subprocess
 * pipe helpers ({@code dev.eddy.process}) both want virtual threads when the JDK has them;
 * the lookup is subtle enough (nested builder interfaces, a factory that is thread-safe while
 * its builder is not) to be written once.
 *
 * <p>Not API: public only so that sibling packages can call it. It never throws: a JDK that
 * has the method but refuses to use it is logged and treated as one without.
 */
public final class VirtualThreads {

    private static final System.Logger LOG = System.getLogger("dev.eddy.internal");

    private VirtualThreads() {
    }

    /**
     * A factory of virtual threads, named {@code namePrefix + n} (n counting from 0) when a
     * prefix is given, unnamed otherwise; or null when this JDK has no virtual threads.
     * The factory is thread-safe (a {@code Thread.Builder}'s factory is; the builder itself
     * is not, so only the factory is kept).
     *
     * @param namePrefix the start of each thread's name, or null for unnamed threads
     * @return a thread-safe factory of virtual threads, or null before JDK 21
     */
    public static ThreadFactory factory(String namePrefix) {
        try {
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            Object b = l.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual)).invoke();
            if (namePrefix != null) {
                MethodHandle name = l.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class));
                b = name.invoke(b, namePrefix, 0L);
            }
            return (ThreadFactory) l.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class)).invoke(b);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;                    // JDK 17-20: no virtual threads
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "Thread.ofVirtual() exists but could not be used; using platform threads", t);
            return null;
        }
    }
}
