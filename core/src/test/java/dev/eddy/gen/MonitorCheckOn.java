package dev.eddy.gen;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns {@link MonitorCheck} on for the annotated test (so a suspension inside
 * {@code synchronized} fails instead of pinning) and back to its configured setting after it,
 * pass or fail. The check is one static switch for the whole JVM: a test must never leave it
 * on for the tests that follow.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MonitorCheckOn.Switch.class)
@interface MonitorCheckOn {

    /** The property that configures the check, as {@link MonitorCheck} reads it. */
    String PROPERTY = "eddy.continuations.checkMonitors";

    /** Flips the switch around one test. */
    final class Switch implements BeforeEachCallback, AfterEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            MonitorCheck.enabled = true;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            MonitorCheck.enabled = Boolean.getBoolean(PROPERTY);
        }
    }
}
