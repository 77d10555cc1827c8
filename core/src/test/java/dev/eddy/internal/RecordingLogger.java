package dev.eddy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/** Test helper: a {@link System.Logger} that keeps what it is asked to log, or throws. */
final class RecordingLogger implements System.Logger {

    /** One log call: its level, message and throwable (null when none). */
    record Entry(Level level, String message, Throwable thrown) {
    }

    final List<Entry> entries = new ArrayList<>();
    Throwable failWith;

    @Override
    public String getName() {
        return "test.recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        entries.add(new Entry(level, msg, thrown));
        if (failWith instanceof Error e) {
            throw e;
        }
        if (failWith instanceof RuntimeException e) {
            throw e;
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        log(level, bundle, format, (Throwable) null);
    }
}
