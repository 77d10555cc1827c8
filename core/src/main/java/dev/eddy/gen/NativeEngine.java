package dev.eddy.gen;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The native engine: {@code jdk.internal.vm.Continuation} and {@code ContinuationScope},
 * reached through {@link MethodHandle}s because Eddy compiles with {@code --release 17}
 * (which has neither class, and cannot be combined with {@code --add-exports}).
 *
 * <p>The handles are looked up with {@link MethodHandles#lookup()}, not
 * {@code publicLookup()}: {@code --add-exports ...=ALL-UNNAMED} is a qualified export, which
 * the public lookup does not see. Held in static finals, they are constants to the JIT, so a
 * call costs what a direct call would.
 *
 * <p>Every Eddy continuation uses one scope, so "the innermost continuation of the scope" is
 * the innermost Eddy body running on this thread: that is what lets {@link #isCurrent} tell a
 * coroutine's own body from a generator nested inside it.
 */
final class NativeEngine extends ContinuationEngine {

    static final NativeEngine INSTANCE = new NativeEngine();

    private NativeEngine() {
    }

    @Override
    Continuation create(Continuation.Body body, Continuation.MountHooks hooks) {
        String why = Handles.UNAVAILABLE;
        if (why != null) {
            throw new UnsupportedOperationException("native continuations are unavailable: " + why);
        }
        return new NativeContinuation(body);
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public String description() {
        return "native (jdk.internal.vm.Continuation on " + Runtime.version() + ")";
    }

    static String unavailableReason() {
        return Handles.UNAVAILABLE;
    }

    /** The looked-up handles; loaded on first use of the native engine. */
    static final class Handles {
        static final Object SCOPE;
        /** (ContinuationScope, Runnable) -> Continuation, typed (Object, Runnable)Object. */
        static final MethodHandle NEW;
        /** Continuation.run(), typed (Object)void. */
        static final MethodHandle RUN;
        /** static Continuation.yield(scope), typed (Object)boolean. */
        static final MethodHandle YIELD;
        /** Continuation.isDone(), typed (Object)boolean. */
        static final MethodHandle IS_DONE;
        /** static Continuation.getCurrentContinuation(scope), typed (Object)Object. */
        static final MethodHandle CURRENT;
        static final String UNAVAILABLE;

        static {
            Object scope = null;
            MethodHandle make = null, run = null, yield = null, isDone = null, current = null;
            String problem = null;
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
                Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
                scope = l.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                        .invoke("eddy");
                make = l.findConstructor(contClass, MethodType.methodType(void.class, scopeClass, Runnable.class))
                        .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
                run = l.findVirtual(contClass, "run", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
                yield = l.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                        .asType(MethodType.methodType(boolean.class, Object.class));
                isDone = l.findVirtual(contClass, "isDone", MethodType.methodType(boolean.class))
                        .asType(MethodType.methodType(boolean.class, Object.class));
                current = l.findStatic(contClass, "getCurrentContinuation", MethodType.methodType(contClass, scopeClass))
                        .asType(MethodType.methodType(Object.class, Object.class));
                // Prove it works end to end: the VM may lack continuation support on some ports.
                Object probeScope = scope;
                MethodHandle probeYield = yield;
                Object probe = make.invoke(scope, (Runnable) () -> {
                    try {
                        boolean ignored = (boolean) probeYield.invokeExact(probeScope);
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                });
                run.invoke(probe);
                run.invoke(probe);
                if (!(boolean) isDone.invoke(probe)) {
                    problem = "a probe continuation did not finish";
                }
            } catch (ClassNotFoundException e) {
                problem = "this JDK (" + Runtime.version() + ") has no jdk.internal.vm.Continuation; it needs JDK 21 or later";
            } catch (IllegalAccessException e) {
                Module eddy = NativeEngine.class.getModule();
                problem = eddy.isNamed()
                        ? "start the JVM with --add-exports java.base/jdk.internal.vm=" + eddy.getName()
                        : "start the JVM with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED"
                                + " (or put Add-Exports: java.base/jdk.internal.vm in the jar manifest)";
            } catch (Throwable e) {
                problem = "probing jdk.internal.vm.Continuation failed: " + e;
            }
            UNAVAILABLE = problem;
            SCOPE = scope;
            NEW = make;
            RUN = run;
            YIELD = yield;
            IS_DONE = isDone;
            CURRENT = current;
        }

        private Handles() {
        }
    }
}
