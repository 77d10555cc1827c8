package dev.eddy;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The futures derived from another one: {@link Future#map}, {@link Future#flatMap},
 * {@link Future#recover}, {@link Future#whenComplete} and {@link Future#toCompletableFuture}.
 * Each is a new promise and one done-callback on the source that copies or transforms the
 * outcome into it.
 *
 * <p>Why a file of its own: {@link Future} is the box (pending, then done exactly once, then
 * its callbacks run later), and a reader should meet that idea alone. Everything here is
 * built only from what the box offers to anyone in the package ({@code addDoneCallback},
 * the state, the completion methods), so it reads as a second chapter, not as part of the
 * first. The public methods stay on {@code Future}, with their Javadoc, and delegate here.
 *
 * <p>One rule holds for every continuation: whatever the user's function throws (any
 * {@code Throwable}) fails the derived future and is not logged; it travels to whoever
 * waits. The user's functions run on the loop thread, inside the source's done-callback,
 * never inline in the call that builds the chain. Reached only through {@code Future}'s
 * public methods, which say what each does.
 */
final class FutureChains {

    private FutureChains() {
    }

    /** See {@link Future#whenComplete}. */
    static <T> Future<T> whenComplete(Future<T> source, BiConsumer<? super T, ? super Throwable> action) {
        return source.addDoneCallback(f -> action.accept(f.getNow(), f.cause()));
    }

    /** See {@link Future#map}. */
    static <T, U> Future<U> map(Future<T> source, Function<? super T, ? extends U> fn) {
        Promise<U> next = new Promise<>(source.loop);
        source.addDoneCallback(f -> {
            if (f.isSucceeded()) {
                U mapped;
                try {
                    mapped = fn.apply(f.value());
                } catch (Throwable t) {
                    next.tryFail(t);
                    return;
                }
                next.trySucceed(mapped);
            } else {
                next.tryFail(f.failure());
            }
        });
        return next;
    }

    /** See {@link Future#flatMap}. */
    static <T, U> Future<U> flatMap(Future<T> source, Function<? super T, ? extends Future<U>> fn) {
        Promise<U> next = new Promise<>(source.loop);
        source.addDoneCallback(f -> {
            if (!f.isSucceeded()) {
                next.tryFail(f.failure());
                return;
            }
            Future<U> inner;
            try {
                inner = Objects.requireNonNull(fn.apply(f.value()), "flatMap function returned null");
            } catch (Throwable t) {
                next.tryFail(t);
                return;
            }
            inner.addDoneCallback(next::completeFrom);
        });
        return next;
    }

    /** See {@link Future#recover}: a failure, not a cancellation, becomes {@code fn}'s value. */
    static <T> Future<T> recover(Future<T> source, Function<? super Throwable, ? extends T> fn) {
        Promise<T> next = new Promise<>(source.loop);
        source.addDoneCallback(f -> {
            if (f.isFailed() && !f.isCancelled()) {
                T replacement;
                try {
                    replacement = fn.apply(f.failure());
                } catch (Throwable t) {
                    next.tryFail(t);
                    return;
                }
                next.trySucceed(replacement);
            } else {
                next.completeFrom(f);
            }
        });
        return next;
    }

    /** See {@link Future#toCompletableFuture}. */
    static <T> CompletableFuture<T> toCompletableFuture(Future<T> source) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        source.addDoneCallback(f -> {
            if (f.isSucceeded()) {
                cf.complete(f.value());
            } else {
                cf.completeExceptionally(f.failure());
            }
        });
        return cf;
    }
}
