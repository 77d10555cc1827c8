/**
 * Child processes driven from the loop: {@link dev.eddy.process.Subprocess} starts one
 * without blocking, its exit is a future, and its stdin, stdout and stderr are
 * {@link dev.eddy.net.IOStream}s (read until a delimiter, read n bytes, read to the end,
 * write with back-pressure). Tornado's {@code process} module.
 *
 * <p>Where to start reading: {@link dev.eddy.process.Subprocess} (the life of a child), then
 * {@code ProcessLaunch} (the fork/exec, on a helper thread), then
 * {@code PipePump} and {@code PipeTransport} (how a helper thread bridges a blocking
 * {@code Process} stream to a selectable {@code java.nio} pipe the loop can watch).
 * Java has no selectable process pipes, so every blocking call runs on a helper thread
 * ({@code HelperThreads}: virtual threads where available), never on the loop.
 *
 * <p>Not thread-safe: use a {@code Subprocess} and its streams on the loop's thread (they check).
 */
package dev.eddy.process;
