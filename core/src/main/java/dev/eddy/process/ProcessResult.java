package dev.eddy.process;

/**
 * What a finished child produced, from {@link Subprocess#collect()}: its exit code and its
 * whole stdout and stderr as UTF-8 text.
 *
 * @param exitCode the exit code (128 + n when signal n ended the child)
 * @param stdout everything the child wrote to stdout, decoded as UTF-8
 * @param stderr everything the child wrote to stderr, decoded as UTF-8
 */
public record ProcessResult(int exitCode, String stdout, String stderr) {
}
