package dev.eddy.http.websocket;

import dev.eddy.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicReference;

import static dev.eddy.http.websocket.Frames.client;
import static dev.eddy.http.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the frames an application sends reach the socket (see {@link DeferredFlush}): a batch of
 * answers leaves in a few writes, not one per message, and no answer is held back once the
 * application stops taking messages or has worked through a long backlog for a while. The
 * server's transport counts its writes.
 */
class WebSocketBatchingTest {

    private HandUpgradeServer server;
    private final AtomicReference<RecordingTransport> serverTransport = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = new HandUpgradeServer();
        server.wrapTransport = t -> {
            RecordingTransport counting = new RecordingTransport(t);
            serverTransport.set(counting);
            return counting;
        };
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** {@code count} masked text frames "m0", "m1", ... in one write. */
    private static byte[] messages(int count) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            all.writeBytes(client(true, Opcodes.TEXT, utf8("m" + i)));
        }
        return all.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"callbacks", "inline"})
    void anEchoAnswersAReadBatchOfMessagesInAFewWrites(String style) throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            server.onLoop(() -> {
                if (style.equals("callbacks")) {
                    new CallbackEcho(s).next();
                } else {
                    new InlineEcho(s).next();
                }
                return null;
            });
            raw.send(messages(100));
            for (int i = 0; i < 100; i++) {
                assertThat(raw.readFrame().text()).isEqualTo("m" + i);
            }
            int writes = server.onLoop(() -> serverTransport.get().writeCalls);
            // one write per message before; a turn of the loop that takes long (a busy machine)
            // may add a write, hence the margin for the callbacks, which take 200 turns
            assertThat(writes).as("writes for 100 answers").isLessThanOrEqualTo(style.equals("inline") ? 3 : 20);
        }
    }

    @Test
    void anApplicationThatStopsTakingMessagesStillHasItsAnswerWritten() throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            raw.send(messages(3));
            awaitBuffered(s, 3 * 2);
            // one message taken and answered; the two others stay in the inbox for good
            server.onLoop(() -> s.receive().addDoneCallback(m -> s.send("answer to " + ((WebSocketMessage.Text) m.getNow()).text())));
            assertThat(raw.readFrame().text()).isEqualTo("answer to m0");
            assertThat(server.onLoop(s::bufferedBytes)).isEqualTo(4);
        }
    }

    @Test
    void aSendWithNothingToReceiveIsWrittenAtOnce() throws Exception {
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            server.onLoop(() -> s.send("news"));        // from a timer, say: nobody receives
            assertThat(raw.readFrame().text()).isEqualTo("news");
        }
    }

    @Test
    void anApplicationWorkingThroughALongBacklogHasItsAnswerWrittenLongBeforeItIsDone() throws Exception {
        int backlog = 3000;
        try (RawWebSocketClient raw = new RawWebSocketClient(server.port)) {
            raw.handshake("/x");
            WebSocket s = server.nextAccepted();
            raw.send(messages(backlog));
            awaitBuffered(s, 2 * 10 + 3 * 90 + 4 * 900 + 5 * 2000);
            // Takes a message every turn, each costing 100 µs of work (at least 300 ms in all),
            // and answers only the first: the answer must not wait for the end of the backlog.
            server.onLoop(() -> {
                new SlowReader(s).next();
                return null;
            });
            assertThat(raw.readFrame().text()).isEqualTo("answer to m0");
            assertThat(server.onLoop(s::bufferedBytes)).as("messages still waiting when the answer came").isPositive();
        }
    }

    /** Waits (with a deadline) until the server holds {@code bytes} of received text. */
    private void awaitBuffered(WebSocket s, long bytes) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.onLoop(s::bufferedBytes) < bytes) {
            assertThat(System.nanoTime()).as("messages never arrived").isLessThan(deadline);
        }
    }

    /** Receive, send back, and only after the send receive again; every step in a done-callback. */
    private record CallbackEcho(WebSocket ws) {
        void next() {
            ws.receive().addDoneCallback(received -> {
                if (received.isSucceeded()) {
                    ws.send(((WebSocketMessage.Text) received.getNow()).text()).addDoneCallback(sent -> next());
                }
            });
        }
    }

    /** The same echo, handling a future that is already done at once (as a coroutine's await does). */
    private record InlineEcho(WebSocket ws) {
        void next() {
            Future<WebSocketMessage> received = ws.receive();
            while (received.isDone()) {
                if (!answer(received)) {
                    return;
                }
                received = ws.receive();
            }
            received.addDoneCallback(f -> {
                if (answer(f)) {
                    next();
                }
            });
        }

        /** Sends the echo; true when the next message may be taken at once. */
        private boolean answer(Future<WebSocketMessage> received) {
            if (!received.isSucceeded()) {
                return false;
            }
            Future<Void> sent = ws.send(((WebSocketMessage.Text) received.getNow()).text());
            if (!sent.isDone()) {
                sent.addDoneCallback(f -> next());
                return false;
            }
            return true;
        }
    }

    /** Takes one message a turn, working 100 µs on each; answers the first. */
    private record SlowReader(WebSocket ws) {
        void next() {
            ws.receive().addDoneCallback(received -> {
                if (!received.isSucceeded()) {
                    return;
                }
                String text = ((WebSocketMessage.Text) received.getNow()).text();
                long until = System.nanoTime() + 100_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();        // the work a message costs
                }
                if (text.equals("m0")) {
                    ws.send("answer to m0");
                }
                next();
            });
        }
    }
}
