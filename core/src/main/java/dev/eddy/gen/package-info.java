/**
 * Generators and coroutines: code that reads top to bottom instead of as nested callbacks,
 * Tornado's {@code @gen.coroutine} with {@code yield future}, in Java.
 *
 * <p>Read in this order:
 * <ol>
 *   <li>{@link dev.eddy.gen.Continuation}: a computation that can stop in the middle and be
 *       resumed; {@link dev.eddy.gen.ContinuationEngine} says how (the JDK's native
 *       continuations, or a body thread with a strict hand-over) and which one you get;</li>
 *   <li>{@link dev.eddy.gen.Generator}: a continuation that yields values (Python's generator);</li>
 *   <li>{@link dev.eddy.gen.Coroutine}: a continuation that yields futures, resumed by the loop
 *       when they are done: {@code String body = await(fetch(url))} inside
 *       {@code Coroutine.async(loop, () -> ...)}.</li>
 * </ol>
 *
 * <p>The one rule: <b>never await (or yield) inside {@code synchronized}</b>; see
 * {@link dev.eddy.gen.ContinuationPinnedException}. The chapter
 * {@code docs/02-from-callbacks-to-coroutines.md} tells the whole story.
 */
package dev.eddy.gen;
