package dev.eddy.gen;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * The optional "never suspend while holding a monitor" check, switched on with
 * {@code -Deddy.continuations.checkMonitors=true}.
 *
 * <p>Why it exists: on JDK 24+ a native continuation that suspends inside
 * {@code synchronized} is <em>not</em> refused (the monitor no longer pins); it keeps the
 * monitor while suspended, and the next coroutine on the same loop that enters it blocks the
 * loop thread for good. The thread engine has the same hazard on every JDK. The JVM tells
 * which monitors a thread holds only through {@link ThreadMXBean}, which walks the thread's
 * stack in the VM at every suspension, far dearer than the suspension itself, so the check
 * is off by default: turn it on in tests and staging.
 *
 * <p>Only monitors taken inside the body count: on the native engine the body shares the
 * loop thread's stack, so monitors below the continuation's entry frame are the caller's.
 * Virtual threads are invisible to {@link ThreadMXBean}; there the check finds nothing.
 */
final class MonitorCheck {

    /** Read at each suspension; tests switch it on and off. */
    static volatile boolean enabled = Boolean.getBoolean("eddy.continuations.checkMonitors");

    private MonitorCheck() {
    }

    /** Throws {@link ContinuationPinnedException} when the body holds a monitor. */
    static void failIfHoldingMonitors(boolean sharesCallerStack) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        @SuppressWarnings("deprecation")    // Thread.threadId() is JDK 19+
        long id = Thread.currentThread().getId();
        ThreadInfo[] infos = mx.getThreadInfo(new long[] {id}, true, false);
        if (infos.length == 0 || infos[0] == null) {
            return;
        }
        ThreadInfo info = infos[0];
        int entryDepth = Integer.MAX_VALUE;
        if (sharesCallerStack) {
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                if (stack[i].getClassName().equals("jdk.internal.vm.Continuation")
                        && stack[i].getMethodName().startsWith("enter")) {
                    entryDepth = i;
                    break;
                }
            }
        }
        for (MonitorInfo m : info.getLockedMonitors()) {
            if (m.getLockedStackDepth() >= 0 && m.getLockedStackDepth() < entryDepth) {
                throw new ContinuationPinnedException(ContinuationPinnedException.Cause.MONITOR,
                        "holding " + m + " locked in " + m.getLockedStackFrame(), null);
            }
        }
    }
}
