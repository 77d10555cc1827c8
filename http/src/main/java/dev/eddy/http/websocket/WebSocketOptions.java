package dev.eddy.http.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a {@link WebSocket} behaves; the same record serves both ends (a server ignores what
 * only a client uses, and the other way round). Start from {@link #defaults()}.
 *
 * @param maxFrameBytes       the largest frame payload accepted; a larger one fails the
 *                            connection with 1009 before any of it is buffered (default 1 MiB)
 * @param maxMessageBytes     the largest message accepted, after decompression (default 1 MiB;
 *                            Tornado's default is 10 MiB, Netty's 64 KiB per frame)
 * @param receiveBufferBytes  received messages nobody has taken with {@code receive()} yet,
 *                            in bytes, before the connection stops reading the socket (TCP then
 *                            slows the peer down; default 1 MiB; one message always fits)
 * @param sendHighWater       queued outgoing bytes above which a send's future waits until the
 *                            queue has drained to {@code sendLowWater}: a sender that awaits its
 *                            sends slows to the pace of the peer (default 1 MiB)
 * @param sendLowWater        see {@code sendHighWater} (default 256 KiB)
 * @param maxSendBufferBytes  queued outgoing bytes beyond which a send fails at once with
 *                            {@link dev.eddy.net.BufferFullException} instead of queueing: the
 *                            bound for a sender that does not await (default 16 MiB)
 * @param closeTimeout        how long to wait for the peer's answer to a close frame (and, on
 *                            a client, for the server to end the TCP connection after it) before
 *                            closing the socket anyway (default 5 s)
 * @param pingInterval        when nothing has been received for this long, send a ping (a
 *                            keep-alive through proxies that drop quiet connections);
 *                            {@link Duration#ZERO} for never (the default)
 * @param idleTimeout         when nothing at all (not even a pong) has been received for this
 *                            long, the peer is gone: close with 1006; {@link Duration#ZERO} for
 *                            never (the default). Use it with a shorter {@code pingInterval}.
 * @param compression         offer (client) or accept (server) permessage-deflate; costs about
 *                            300 KiB of native zlib memory per connection, so off by default
 * @param subprotocols        a client's offer, or a server's supported subprotocols in order of
 *                            preference (default none)
 * @param allowedOrigin       server only: accepts the {@code Origin} header of an upgrade (null
 *                            when the request has none, as from non-browser clients); a refused
 *                            origin gets 403. This is the defence against cross-site WebSocket
 *                            hijacking, since browsers send cookies with the upgrade (default:
 *                            every origin)
 * @param handshakeTimeout    client only: connecting and the opening handshake together
 *                            (default 10 s)
 */
public record WebSocketOptions(int maxFrameBytes, int maxMessageBytes, int receiveBufferBytes,
                               int sendHighWater, int sendLowWater, long maxSendBufferBytes,
                               Duration closeTimeout, Duration pingInterval, Duration idleTimeout,
                               boolean compression, List<String> subprotocols,
                               Predicate<String> allowedOrigin, Duration handshakeTimeout) {

    /**
     * Checks the components.
     *
     * @param maxFrameBytes the largest frame payload accepted; positive
     * @param maxMessageBytes the largest message accepted; positive
     * @param receiveBufferBytes how many bytes of untaken messages are held; positive
     * @param sendHighWater the queued outgoing bytes above which sends wait; positive
     * @param sendLowWater the queued outgoing bytes the waiting sends wait for; 0 to
     *     {@code sendHighWater}
     * @param maxSendBufferBytes the most queued outgoing bytes; at least {@code sendHighWater}
     * @param closeTimeout how long to wait for the close handshake; not negative
     * @param pingInterval the quiet time before a ping; {@link Duration#ZERO} for never
     * @param idleTimeout the silence after which the peer counts as gone; {@link Duration#ZERO} for
     *     never
     * @param compression whether to offer or accept permessage-deflate
     * @param subprotocols the subprotocols offered or supported, in order of preference
     * @param allowedOrigin judges the {@code Origin} of an upgrade request; not null
     * @param handshakeTimeout how long connecting and the opening handshake may take; not negative
     * @throws IllegalArgumentException when a size or timeout is out of range
     */
    public WebSocketOptions {
        positive(maxFrameBytes, "maxFrameBytes");
        positive(maxMessageBytes, "maxMessageBytes");
        positive(receiveBufferBytes, "receiveBufferBytes");
        positive(sendHighWater, "sendHighWater");
        if (sendLowWater < 0 || sendLowWater > sendHighWater) {
            throw new IllegalArgumentException("sendLowWater must be in 0..sendHighWater: " + sendLowWater);
        }
        if (maxSendBufferBytes < sendHighWater) {
            throw new IllegalArgumentException("maxSendBufferBytes must be at least sendHighWater");
        }
        notNegative(closeTimeout, "closeTimeout");
        notNegative(pingInterval, "pingInterval");
        notNegative(idleTimeout, "idleTimeout");
        notNegative(handshakeTimeout, "handshakeTimeout");
        subprotocols = List.copyOf(subprotocols);
        Objects.requireNonNull(allowedOrigin, "allowedOrigin");
    }

    /**
     * The defaults given in the class comment.
     *
     * @return 1 MiB frames, messages and receive buffer; send water marks of 256 KiB and 1 MiB, at
     *     most 16 MiB queued; a 5 s close timeout, no keep-alive, no compression, no subprotocols,
     *     every origin allowed and a 10 s handshake timeout
     */
    public static WebSocketOptions defaults() {
        return new WebSocketOptions(1 << 20, 1 << 20, 1 << 20, 1 << 20, 256 << 10, 16L << 20,
                Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, false, List.of(), origin -> true,
                Duration.ofSeconds(10));
    }

    /**
     * A copy with {@code maxMessageBytes} replaced, and {@code maxFrameBytes} lowered to it if it
     * was larger.
     *
     * @param bytes the largest message accepted, after decompression; positive
     * @return the copy
     */
    public WebSocketOptions withMaxMessageBytes(int bytes) {
        return new WebSocketOptions(Math.min(maxFrameBytes, bytes), bytes, receiveBufferBytes, sendHighWater,
                sendLowWater, maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols,
                allowedOrigin, handshakeTimeout);
    }

    /**
     * A copy with {@code maxFrameBytes} replaced.
     *
     * @param bytes the largest frame payload accepted; positive
     * @return the copy
     */
    public WebSocketOptions withMaxFrameBytes(int bytes) {
        return new WebSocketOptions(bytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols,
                allowedOrigin, handshakeTimeout);
    }

    /**
     * A copy with {@code receiveBufferBytes} replaced.
     *
     * @param bytes how many bytes of untaken messages are held before reading stops; positive
     * @return the copy
     */
    public WebSocketOptions withReceiveBufferBytes(int bytes) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, bytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols,
                allowedOrigin, handshakeTimeout);
    }

    /**
     * A copy with both send water marks replaced.
     *
     * @param lowWater the queued outgoing bytes waiting sends wait for; 0 to {@code highWater}
     * @param highWater the queued outgoing bytes above which sends wait; positive
     * @return the copy
     */
    public WebSocketOptions withSendWaterMarks(int lowWater, int highWater) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, highWater, lowWater,
                Math.max(maxSendBufferBytes, highWater), closeTimeout, pingInterval, idleTimeout, compression,
                subprotocols, allowedOrigin, handshakeTimeout);
    }

    /**
     * A copy with {@code maxSendBufferBytes} replaced.
     *
     * @param bytes the most queued outgoing bytes; at least the high-water mark
     * @return the copy
     */
    public WebSocketOptions withMaxSendBufferBytes(long bytes) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                bytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols, allowedOrigin,
                handshakeTimeout);
    }

    /**
     * A copy with {@code closeTimeout} replaced.
     *
     * @param timeout how long to wait for the close handshake; not negative
     * @return the copy
     */
    public WebSocketOptions withCloseTimeout(Duration timeout) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, timeout, pingInterval, idleTimeout, compression, subprotocols, allowedOrigin,
                handshakeTimeout);
    }

    /**
     * Keep-alive: a ping after {@code interval} of quiet, a close after {@code timeout} of silence.
     *
     * @param interval how long without receiving anything before a ping; {@link Duration#ZERO} for
     *     never
     * @param timeout how long without receiving anything before the connection is closed with 1006;
     *     {@link Duration#ZERO} for never
     * @return a copy with that keep-alive
     */
    public WebSocketOptions withKeepAlive(Duration interval, Duration timeout) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, interval, timeout, compression, subprotocols, allowedOrigin,
                handshakeTimeout);
    }

    /**
     * A copy with {@code compression} replaced.
     *
     * @param on whether to offer or accept permessage-deflate
     * @return the copy
     */
    public WebSocketOptions withCompression(boolean on) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, on, subprotocols, allowedOrigin,
                handshakeTimeout);
    }

    /**
     * A copy with {@code subprotocols} replaced.
     *
     * @param protocols the subprotocols offered or supported, in order of preference
     * @return the copy
     */
    public WebSocketOptions withSubprotocols(String... protocols) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, List.of(protocols),
                allowedOrigin, handshakeTimeout);
    }

    /**
     * A copy with {@code allowedOrigin} replaced.
     *
     * @param check given the {@code Origin} of an upgrade (null when absent), true to accept it
     * @return the copy
     */
    public WebSocketOptions withAllowedOrigin(Predicate<String> check) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols, check,
                handshakeTimeout);
    }

    /**
     * A copy with {@code handshakeTimeout} replaced.
     *
     * @param timeout how long connecting and the opening handshake may take; not negative
     * @return the copy
     */
    public WebSocketOptions withHandshakeTimeout(Duration timeout) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols, allowedOrigin,
                timeout);
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }

    private static void notNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive: " + d);
        }
    }
}
