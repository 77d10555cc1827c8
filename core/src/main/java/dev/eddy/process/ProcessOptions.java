package dev.eddy.process;

import dev.eddy.net.StreamOptions;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link Subprocess}. Start from {@link #of(String...)} and change what you
 * need: {@code ProcessOptions.of("sort").withTimeout(Duration.ofSeconds(10))}.
 *
 * @param command        the program and its arguments (no shell: use {@code sh -c} for one)
 * @param directory      the working directory; null (default) = this process's
 * @param environment    variables added to (or replacing those in) this process's environment; default none
 * @param stdin          {@link Redirect#PIPE} (default: writable through {@link Subprocess#stdin()}),
 *                       or any other redirect, e.g. {@code Redirect.from(file)}, {@link Redirect#INHERIT}
 * @param stdout         {@link Redirect#PIPE} (default: readable through {@link Subprocess#stdout()}),
 *                       {@link Redirect#DISCARD}, {@link Redirect#INHERIT}, a file...
 * @param stderr         as {@code stdout}, for {@link Subprocess#stderr()}
 * @param timeout        the whole run's limit: when it passes the child is killed (with
 *                       {@code killGrace}) and the exit future fails with a
 *                       {@link dev.eddy.TimeoutException}; null (default) = no limit
 * @param killGrace      how long {@link Subprocess#kill()} waits after asking politely
 *                       (SIGTERM) before it insists (SIGKILL); default 5 seconds
 * @param checkExit      when true, a non-zero exit code fails the exit future with a
 *                       {@link ProcessExitException}; default false (the code is the value)
 * @param chunkSize      bytes a pump thread copies at a time between the child's pipes and
 *                       the loop's; default 64 KiB
 * @param streams        buffering and timeouts of the three {@link dev.eddy.net.IOStream}s
 *                       (read limit for {@code readUntilClose}, write high/low water);
 *                       default {@link StreamOptions#defaults()}
 */
public record ProcessOptions(List<String> command, Path directory, Map<String, String> environment,
                             Redirect stdin, Redirect stdout, Redirect stderr, Duration timeout,
                             Duration killGrace, boolean checkExit, int chunkSize,
                             StreamOptions streams) {

    /**
     * Checks the components: see the class comment for their meaning and defaults.
     *
     * @param command the program and its arguments; must not be empty
     * @param directory the working directory, or null for this process's
     * @param environment variables added to this process's environment; not null
     * @param stdin where the child's stdin comes from; not null
     * @param stdout where the child's stdout goes; not null
     * @param stderr where the child's stderr goes; not null
     * @param timeout the whole run's limit, positive, or null for none
     * @param killGrace the wait between SIGTERM and SIGKILL; must not be negative
     * @param checkExit whether a non-zero exit code fails the exit future
     * @param chunkSize the bytes a pump copies at a time; must be positive
     * @param streams buffering and timeouts of the three streams; not null
     */
    public ProcessOptions {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive (or null for none): " + timeout);
        }
        if (killGrace.isNegative()) {
            throw new IllegalArgumentException("killGrace must not be negative: " + killGrace);
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        Objects.requireNonNull(streams, "streams");
    }

    /**
     * Options to run {@code command} with every default.
     *
     * @param command the program and its arguments (no shell); at least the program
     * @return options to run {@code command}: pipes for all three streams, no timeout
     */
    public static ProcessOptions of(String... command) {
        return of(List.of(command));
    }

    /**
     * Options to run {@code command} with every default (see the class comment).
     *
     * @param command the program and its arguments (no shell); at least the program
     * @return options to run {@code command}: pipes for all three streams, no timeout
     */
    public static ProcessOptions of(List<String> command) {
        return new ProcessOptions(command, null, Map.of(), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE,
                null, Duration.ofSeconds(5), false, 64 * 1024, StreamOptions.defaults());
    }

    /**
     * A copy with {@code directory} replaced; see the class comment.
     *
     * @param directory the working directory, or null for this process's
     * @return a copy with that working directory
     */
    public ProcessOptions withDirectory(Path directory) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }

    /**
     * A copy with {@code environment} replaced; see the class comment.
     *
     * @param environment variables added to (or replacing those in) this process's environment
     * @return a copy with that environment
     */
    public ProcessOptions withEnvironment(Map<String, String> environment) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }

    /**
     * A copy with {@code stdin} replaced; see the class comment.
     *
     * @param stdin where the child's stdin comes from; {@link Redirect#PIPE} to write it from here
     * @return a copy with that stdin
     */
    public ProcessOptions withStdin(Redirect stdin) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }

    /**
     * A copy with {@code stdout} replaced; see the class comment.
     *
     * @param stdout where the child's stdout goes; {@link Redirect#PIPE} to read it from here
     * @return a copy with that stdout
     */
    public ProcessOptions withStdout(Redirect stdout) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }

    /**
     * A copy with {@code stderr} replaced; see the class comment.
     *
     * @param stderr where the child's stderr goes; {@link Redirect#PIPE} to read it from here
     * @return a copy with that stderr
     */
    public ProcessOptions withStderr(Redirect stderr) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }

    /**
     * A copy with {@code timeout} replaced; see the class comment.
     *
     * @param timeout the whole run's limit, positive, or null for none
     * @return a copy with that timeout
     */
    public ProcessOptions withTimeout(Duration timeout) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }

    /**
     * A copy with {@code killGrace} replaced; see the class comment.
     *
     * @param killGrace the wait between SIGTERM and SIGKILL; zero kills at once
     * @return a copy with that grace
     */
    public ProcessOptions withKillGrace(Duration killGrace) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }

    /**
     * A copy with {@code streams} replaced; see the class comment.
     *
     * @param streams buffering and timeouts of the three streams
     * @return a copy with those stream options
     */
    public ProcessOptions withStreams(StreamOptions streams) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }

    /**
     * A copy with {@code checkExit} replaced; see the class comment.
     *
     * @param checkExit whether a non-zero exit code fails the exit future
     * @return a copy with that setting
     */
    public ProcessOptions withCheckExit(boolean checkExit) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }

    /**
     * How many bytes a pump copies at a time.
     *
     * @param chunkSize the bytes a pump copies at a time; must be positive
     * @return a copy with that chunk size
     */
    public ProcessOptions withChunkSize(int chunkSize) {
        return new ProcessOptions(command, directory, environment, stdin, stdout, stderr, timeout, killGrace,
                checkExit, chunkSize, streams);
    }
}
