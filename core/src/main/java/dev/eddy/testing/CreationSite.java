package dev.eddy.testing;

/**
 * Where a timer, channel, coroutine or future was made: the stack at that moment, kept only
 * by a {@link TestLoop} (production loops record nothing). It is a {@link Throwable} only to
 * carry the stack and print it; it is never thrown, and it is attached to a
 * {@link LeakError} so the test report shows the whole stack of every leak.
 */
final class CreationSite extends Throwable {

    /** Frames of these classes are the machinery that made the thing, not the code that asked for it. */
    private static final String[] MACHINERY = {
        "dev.eddy.testing.", "dev.eddy.Future", "dev.eddy.Promise", "dev.eddy.IOLoop", "dev.eddy.gen.Coroutine",
    };

    CreationSite(String what) {
        super(what, null, false, true);
    }

    /** "at Class.method(File.java:12)": the first frame outside the machinery. */
    String shortPlace() {
        for (StackTraceElement frame : getStackTrace()) {
            if (!isMachinery(frame.getClassName())) {
                return "made at " + frame;
            }
        }
        return "made at an unknown place";
    }

    private static boolean isMachinery(String className) {
        for (String prefix : MACHINERY) {
            if (className.startsWith(prefix) && !isTest(className)) {
                return true;
            }
        }
        return false;
    }

    /** A test class (or a class nested in one) is never machinery, even inside Eddy's packages. */
    private static boolean isTest(String className) {
        return className.endsWith("Test") || className.contains("Test$");
    }
}
