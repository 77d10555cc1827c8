/**
 * WebSocket (RFC 6455) with permessage-deflate (RFC 7692): a protocol of its own that an HTTP/1.1
 * connection turns into after a {@code 101 Switching Protocols}.
 *
 * <p>What is API: the public types, the frame codec included (it works without a connection).
 *
 * <p>Why a package beside {@link dev.eddy.http.wire} rather than inside it: after the upgrade
 * nothing of HTTP is left on the connection, and the codec, the handshake and the connection
 * object that speak WebSocket read best together; a reader who wants only the HTTP wire format
 * does not have to step around it. Like the wire format, the codec is a pure function of bytes:
 * nothing in it touches a socket or a loop, so all of it is tested by feeding bytes.
 *
 * <p>Reading order, the bytes first: {@link dev.eddy.http.websocket.Opcodes},
 * {@link dev.eddy.http.websocket.CloseCodes} and {@link dev.eddy.http.websocket.Role} (which end
 * masks), then {@link dev.eddy.http.websocket.FrameDecoder} (the frame state machine and every
 * rule it enforces) and its {@code MessageAssembler} (a message from its fragments) with
 * {@link dev.eddy.http.websocket.Utf8Validator} and {@code MessageBuffer}, then {@link dev.eddy.http.websocket.FrameEncoder}. Compression:
 * {@link dev.eddy.http.websocket.PerMessageDeflate} (the negotiation), {@code MessageDeflater}
 * and {@code MessageInflater}. The opening handshake:
 * {@link dev.eddy.http.websocket.WebSocketHandshake} and
 * {@link dev.eddy.http.websocket.WebSocketExtension}.
 *
 * <p>Then the connection on the loop: {@link dev.eddy.http.websocket.WebSocket} (what a program
 * uses: receive, send, close, closed) over {@code ConnectionDriver} (readiness, batches of work,
 * the parts wired together), with its parts {@code FrameInput} and {@code Inbox} (received
 * messages and the read pause), {@code MessageSender}, {@code FrameOutput} and
 * {@code DeferredFlush} (queued frames, send back-pressure, when they are written),
 * {@code CloseHandshake} and {@code CloseAnswerWait} (how it ends) and {@code KeepAlive}. A server accepts connections with
 * {@link dev.eddy.http.websocket.WebSocketUpgrade} on a route of the HTTP server; a client opens
 * them with {@link dev.eddy.http.websocket.WebSocketClient} (its {@code ClientHandshake} does the
 * connect and the upgrade). The chapter is docs/08-connections-that-stay-open.md.
 */
package dev.eddy.http.websocket;
