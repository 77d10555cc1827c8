package dev.eddy.http.websocket;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A message received on a {@link WebSocket}: text or binary, whole (however many frames it
 * arrived in). Control frames (ping, pong, close) are the connection's business and never
 * appear here.
 *
 * <pre>{@code
 * WebSocketMessage m = Coroutine.await(ws.receive());
 * if (m instanceof WebSocketMessage.Text t) {
 *     ws.send(t.text());
 * }
 * }</pre>
 */
public sealed interface WebSocketMessage permits WebSocketMessage.Text, WebSocketMessage.Binary {

    /**
     * A text message, already checked to be valid UTF-8.
     *
     * @param text the message
     */
    record Text(String text) implements WebSocketMessage {
        /**
         * Checks the text is there.
         *
         * @param text the message
         */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A binary message; the buffer is the receiver's to keep (position 0, limit its size).
     *
     * @param data the message's bytes
     */
    record Binary(ByteBuffer data) implements WebSocketMessage {
        /**
         * Checks the buffer is there.
         *
         * @param data the message's bytes, position 0 and limit its size
         */
        public Binary {
            Objects.requireNonNull(data, "data");
        }
    }
}
