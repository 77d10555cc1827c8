/**
 * Child processes driven from the loop: {@link dev.eddy.process.Subprocess} starts one
 * without blocking, its exit is a future, its stdin ({@link dev.eddy.process.ProcessInput})
 * is written with back-pressure, its stdout and stderr ({@link dev.eddy.process.ProcessOutput})
 * are read as streams. Tornado's {@code process} module.
 *
 * <p>Where to start reading: {@link dev.eddy.process.Subprocess} (the life of a child), then
 * {@code ChunkPool} and {@code ChunkReader} (how a helper thread hands output to the loop
 * with a bound on memory), then {@link dev.eddy.process.ProcessOutput} (how reads are served
 * from chunks). Java has no selectable pipes, so every blocking pipe call runs on a helper
 * thread ({@code HelperThreads}), never on the loop.
 *
 * <p>The loop-side classes are not thread-safe: use them on the loop's thread (they check).
 */
package dev.eddy.process;
