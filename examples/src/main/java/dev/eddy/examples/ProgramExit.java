package dev.eddy.examples;

import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Ends an example program early with an exit status and one line for the person at the
 * terminal: {@code --help} (status 0, the usage text, to stdout), a command-line mistake
 * (status 2, {@code NAME: error: ...}, to stderr), or a failure the program reports itself
 * (status 1 or more, to stderr).
 *
 * <p>Only the launcher ({@link Main}) prints it and calls {@code System.exit}, so a program
 * never exits the JVM from the middle of its code and tests can call programs directly. It
 * carries no stack trace: the message is the whole story.
 */
final class ProgramExit extends RuntimeException {

    private final int status;

    ProgramExit(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /**
     * One line for a failure that ended a run: the cause inside any wrapper the future
     * machinery added, with its message (or its class name when it has none).
     */
    static String describe(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** The process exit status: 0 for help, 2 for a usage error, otherwise the program's. */
    int status() {
        return status;
    }
}
