package dev.eddy;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The shape of a future's waiting done-callbacks, kept in one {@code Object} field of the
 * {@link Future}: null (nobody listens), the one callback itself, or a {@code CallbackList} once a
 * second one is added. Static functions over that field's value, so a future pays no object
 * of its own for the common cases. Running them is the future's own business
 * ({@code Future.runCallback}, the frame the watchdog recognises as a done-callback).
 *
 * <p>Why this shape: most futures have exactly one listener (the coroutine or the chain step
 * that waits for them), and a completion allocates a future already; a list for the one
 * listener would double that. The list is a private class, so no user's callback can be
 * mistaken for it. Why apart from {@code Future}: the shape is a storage trick, not part of
 * what a future is, and a reader of {@code Future} needs only "add one, run them in order".
 *
 * <p>Loop thread only, as the field is: nothing here is thread-safe.
 */
final class DoneCallbacks {

    private DoneCallbacks() {
    }

    /** A future's callbacks once it has two or more, in the order they were added. */
    private static final class CallbackList extends ArrayList<Consumer<?>> {
        CallbackList(Consumer<?> first, Consumer<?> second) {
            super(4);
            add(first);
            add(second);
        }
    }

    /** The field's new value once {@code callback} is added after what {@code callbacks} holds. */
    static Object add(Object callbacks, Consumer<?> callback) {
        if (callbacks == null) {
            return callback;
        }
        if (callbacks instanceof CallbackList list) {
            list.add(callback);
            return list;
        }
        return new CallbackList((Consumer<?>) callbacks, callback);
    }

    /** The class of the first callback, or null when there is none (the Flight Recorder names it). */
    static Class<?> firstClass(Object callbacks) {
        if (callbacks == null) {
            return null;
        }
        return callbacks instanceof CallbackList list ? list.get(0).getClass() : callbacks.getClass();
    }

    /** How many callbacks {@code callbacks} holds. */
    static int count(Object callbacks) {
        if (callbacks == null) {
            return 0;
        }
        return callbacks instanceof CallbackList list ? list.size() : 1;
    }

    /** The {@code i}-th callback of {@code callbacks}, in the order added ({@code i < count}). */
    static Consumer<?> get(Object callbacks, int i) {
        return callbacks instanceof CallbackList list ? list.get(i) : (Consumer<?>) callbacks;
    }
}
