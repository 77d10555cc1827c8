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

    public static WebSocketOptions defaults() {
        return new WebSocketOptions(1 << 20, 1 << 20, 1 << 20, 1 << 20, 256 << 10, 16L << 20,
                Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, false, List.of(), origin -> true,
                Duration.ofSeconds(10));
    }

    public WebSocketOptions withMaxMessageBytes(int bytes) {
        return new WebSocketOptions(Math.min(maxFrameBytes, bytes), bytes, receiveBufferBytes, sendHighWater,
                sendLowWater, maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols,
                allowedOrigin, handshakeTimeout);
    }

    public WebSocketOptions withMaxFrameBytes(int bytes) {
        return new WebSocketOptions(bytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols,
                allowedOrigin, handshakeTimeout);
    }

    public WebSocketOptions withReceiveBufferBytes(int bytes) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, bytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols,
                allowedOrigin, handshakeTimeout);
    }

    public WebSocketOptions withSendWaterMarks(int lowWater, int highWater) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, highWater, lowWater,
                Math.max(maxSendBufferBytes, highWater), closeTimeout, pingInterval, idleTimeout, compression,
                subprotocols, allowedOrigin, handshakeTimeout);
    }

    public WebSocketOptions withMaxSendBufferBytes(long bytes) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                bytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols, allowedOrigin,
                handshakeTimeout);
    }

    public WebSocketOptions withCloseTimeout(Duration timeout) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, timeout, pingInterval, idleTimeout, compression, subprotocols, allowedOrigin,
                handshakeTimeout);
    }

    /** Keep-alive: a ping after {@code interval} of quiet, a close after {@code timeout} of silence. */
    public WebSocketOptions withKeepAlive(Duration interval, Duration timeout) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, interval, timeout, compression, subprotocols, allowedOrigin,
                handshakeTimeout);
    }

    public WebSocketOptions withCompression(boolean on) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, on, subprotocols, allowedOrigin,
                handshakeTimeout);
    }

    public WebSocketOptions withSubprotocols(String... protocols) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, List.of(protocols),
                allowedOrigin, handshakeTimeout);
    }

    public WebSocketOptions withAllowedOrigin(Predicate<String> check) {
        return new WebSocketOptions(maxFrameBytes, maxMessageBytes, receiveBufferBytes, sendHighWater, sendLowWater,
                maxSendBufferBytes, closeTimeout, pingInterval, idleTimeout, compression, subprotocols, check,
                handshakeTimeout);
    }

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
