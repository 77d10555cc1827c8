package dev.eddy.http;

import org.junit.jupiter.api.Test;

import static dev.eddy.http.ConnectionState.CLOSED;
import static dev.eddy.http.ConnectionState.CLOSING;
import static dev.eddy.http.ConnectionState.HANDLING;
import static dev.eddy.http.ConnectionState.LINGERING;
import static dev.eddy.http.ConnectionState.READING_HEAD;
import static dev.eddy.http.ConnectionState.SKIPPING_BODY;
import static dev.eddy.http.ConnectionState.STREAMING;
import static dev.eddy.http.ConnectionState.UPGRADED;
import static dev.eddy.http.ConnectionState.UPGRADING;
import static org.assertj.core.api.Assertions.assertThat;

/** The arrows of the connection's state diagram, as {@link ConnectionState#canMoveTo} has them. */
class ConnectionStateTest {

    @Test
    void anExchangeLeadsBackToReadingTheNextHead() {
        assertThat(READING_HEAD.canMoveTo(HANDLING)).isTrue();
        assertThat(HANDLING.canMoveTo(READING_HEAD)).isTrue();
        assertThat(HANDLING.canMoveTo(STREAMING)).isTrue();
        assertThat(STREAMING.canMoveTo(READING_HEAD)).isTrue();
        assertThat(STREAMING.canMoveTo(SKIPPING_BODY)).isTrue();
        assertThat(SKIPPING_BODY.canMoveTo(READING_HEAD)).isTrue();
    }

    @Test
    void oneExchangeAtATime() {
        assertThat(READING_HEAD.canMoveTo(STREAMING)).isFalse();
        assertThat(HANDLING.canMoveTo(HANDLING)).isFalse();
        assertThat(STREAMING.canMoveTo(HANDLING)).isFalse();
        assertThat(SKIPPING_BODY.canMoveTo(HANDLING)).isFalse();
        assertThat(CLOSING.canMoveTo(HANDLING)).isFalse();
    }

    @Test
    void closingAndUpgradingOnlyGoForward() {
        assertThat(CLOSING.canMoveTo(CLOSED)).isTrue();
        assertThat(CLOSING.canMoveTo(READING_HEAD)).isFalse();
        assertThat(UPGRADING.canMoveTo(UPGRADED)).isTrue();
        assertThat(UPGRADING.canMoveTo(READING_HEAD)).isFalse();
        for (ConnectionState s : ConnectionState.values()) {
            assertThat(CLOSED.canMoveTo(s)).as("CLOSED -> " + s).isFalse();
            assertThat(UPGRADED.canMoveTo(s)).as("UPGRADED -> " + s).isFalse();
        }
    }

    @Test
    void lingeringComesOnlyAfterTheLastAnswerAndOnlyEndsInAClose() {
        for (ConnectionState s : ConnectionState.values()) {
            assertThat(s.canMoveTo(LINGERING)).as(s + " -> LINGERING").isEqualTo(s == CLOSING);
            assertThat(LINGERING.canMoveTo(s)).as("LINGERING -> " + s).isEqualTo(s == CLOSED);
        }
    }

    @Test
    void anAbortClosesFromEveryLiveState() {
        for (ConnectionState s : ConnectionState.values()) {
            assertThat(s.canMoveTo(CLOSED)).as(s + " -> CLOSED").isEqualTo(s != CLOSED && s != UPGRADED);
        }
    }
}
