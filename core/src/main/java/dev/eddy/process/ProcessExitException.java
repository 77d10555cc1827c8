package dev.eddy.process;

import java.util.List;

/**
 * A child process ended with a non-zero exit code, and its {@link ProcessOptions#checkExit()}
 * asked for that to be an error. On Unix a child killed by signal N is reported by the JDK
 * as exit code 128 + N (SIGTERM: 143, SIGKILL: 137); the message says so.
 */
public class ProcessExitException extends RuntimeException {

    /** The program and its arguments, as started. */
    private final List<String> command;
    /** The non-zero exit code. */
    private final int exitCode;

    /**
     * The process running {@code command} exited with {@code exitCode} (128 + n for signal n).
     *
     * @param command the command line that was run, program first
     * @param exitCode the non-zero code the process exited with
     */
    public ProcessExitException(List<String> command, int exitCode) {
        super(describe(command, exitCode));
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
    }

    private static String describe(List<String> command, int exitCode) {
        String signal = exitCode > 128 && exitCode < 128 + 65
                ? " (128 + " + (exitCode - 128) + ": probably killed by signal " + (exitCode - 128) + ")" : "";
        return "process " + command + " exited with code " + exitCode + signal;
    }

    /**
     * The command line that was run.
     *
     * @return the program and its arguments, as started
     */
    public List<String> command() {
        return command;
    }

    /**
     * The exit code (128 + n when signal n ended the process).
     *
     * @return the exit code
     */
    public int exitCode() {
        return exitCode;
    }
}
