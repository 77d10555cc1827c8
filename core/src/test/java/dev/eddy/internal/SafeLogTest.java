package dev.eddy.internal;

import dev.eddy.StderrCapture;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SafeLog}: a logger, a message or stderr that throws never reaches the caller. */
class SafeLogTest {

    private final RecordingLogger logger = new RecordingLogger();

    @Test
    void aWorkingLoggerGetsTheRecord() {
        IllegalStateException boom = new IllegalStateException("boom");
        SafeLog.log(logger, System.Logger.Level.ERROR, "it failed", boom);
        SafeLog.log(logger, System.Logger.Level.DEBUG, () -> "built lazily", null);
        assertThat(logger.entries).containsExactly(
                new RecordingLogger.Entry(System.Logger.Level.ERROR, "it failed", boom),
                new RecordingLogger.Entry(System.Logger.Level.DEBUG, "built lazily", null));
    }

    @Test
    void aThrowingLoggerFallsBackToOnePlainLineOnStderr() {
        logger.failWith = new InternalError("no time-zone data");
        try (StderrCapture stderr = new StderrCapture()) {
            SafeLog.log(logger, System.Logger.Level.WARNING, "accept failed", new java.io.IOException("Too many open files"));
            assertThat(stderr.text()).isEqualTo("WARNING test.recording: accept failed: java.io.IOException: "
                    + "Too many open files [logging failed: java.lang.InternalError: no time-zone data]"
                    + System.lineSeparator());
        }
    }

    @Test
    void aThrowingMessageSupplierIsTreatedLikeAThrowingLogger() {
        try (StderrCapture stderr = new StderrCapture()) {
            SafeLog.log(logger, System.Logger.Level.ERROR, () -> {
                throw new IllegalStateException("toString bug");
            }, null);
            assertThat(stderr.text()).contains("(message unavailable)").contains("toString bug");
        }
    }

    @Test
    void aBrokenStderrToo() {
        logger.failWith = new OutOfMemoryError("logger");
        PrintStream original = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(String x) {
                throw new IllegalStateException("stderr is broken as well");
            }
        });
        try {
            SafeLog.log(logger, System.Logger.Level.ERROR, "nobody will see this", null);   // returns: that is the test
        } finally {
            System.setErr(original);
        }
        assertThat(logger.entries).hasSize(1);
    }
}
