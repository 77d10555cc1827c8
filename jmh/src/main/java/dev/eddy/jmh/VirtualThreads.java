package dev.eddy.jmh;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;

/**
 * Runs a piece of a benchmark on a fresh virtual thread and waits for its result. Virtual
 * threads are JDK 21+; the factory is found at run time so this module still compiles for
 * Java 17, where the benchmarks that use it fail with a message saying so.
 */
final class VirtualThreads {

    private static final ThreadFactory FACTORY = find();

    private VirtualThreads() {
    }

    static <T> T call(Callable<T> task) throws Exception {
        if (FACTORY == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+");
        }
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        Thread t = FACTORY.newThread(() -> {
            try {
                result[0] = task.call();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }

    static ThreadFactory factory() {
        return FACTORY;
    }

    private static ThreadFactory find() {
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            Object b = l.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual)).invoke();
            return (ThreadFactory) l.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class)).invoke(b);
        } catch (Throwable t) {
            return null;
        }
    }
}
