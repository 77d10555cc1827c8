package dev.eddy.process;

/**
 * What a finished child produced, from {@link Subprocess#collect()}: its exit code and its
 * whole stdout and stderr as UTF-8 text.
 */
public record ProcessResult(int exitCode, String stdout, String stderr) {
}
