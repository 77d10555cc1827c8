/**
 * The HTTP/1.1 wire format, independent of sockets: bytes in, messages out, and back.
 *
 * <p>{@link dev.eddy.http.wire.HttpHeaders} (a message's header fields) lives here because the
 * parsers fill it and the encoders write it: the server, the client and WebSocket all depend
 * on this package, and it depends on none of them.
 *
 * <p>Start with {@link dev.eddy.http.wire.RequestParser} (the request-line state machine and
 * the framing rules), then {@link dev.eddy.http.wire.HeaderBlockParser} (header fields,
 * shared with trailers and the client's response parser), then
 * {@link dev.eddy.http.wire.ChunkedDecoder}. The client reads responses with
 * {@link dev.eddy.http.wire.ResponseParser}, the same machine with a status line. The other direction:
 * {@link dev.eddy.http.wire.ResponseHeadEncoder} into an {@link dev.eddy.http.wire.OutputBuffer},
 * with the {@link dev.eddy.http.wire.DateCache}. {@link dev.eddy.http.wire.HttpLimits} lists
 * what each limit protects.
 *
 * <p>Nothing here touches a socket or a loop, so all of it is tested by feeding bytes.
 */
package dev.eddy.http.wire;
