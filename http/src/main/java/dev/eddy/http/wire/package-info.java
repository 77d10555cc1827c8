/**
 * The HTTP/1.1 wire format, independent of sockets: bytes in, messages out.
 *
 * <p>What is API here: {@link dev.eddy.http.wire.HttpHeaders} (every request, response and
 * trailer section carries one), {@link dev.eddy.http.wire.HttpLimits} (part of the server's and
 * the client's options), the parsed heads {@link dev.eddy.http.wire.RequestHead} and
 * {@link dev.eddy.http.wire.ResponseHead}, {@link dev.eddy.http.wire.HttpProtocolException}, and
 * the parsers themselves ({@link dev.eddy.http.wire.RequestParser},
 * {@link dev.eddy.http.wire.ResponseParser}, {@link dev.eddy.http.wire.ChunkedDecoder}) for
 * whoever wants to read HTTP/1.1 without Eddy's server. The rest is package-private.
 *
 * <p>The header block lives here because the parsers fill it: the server, the client and
 * WebSocket all depend on this package, and it depends on none of them (only on the unexported
 * byte helpers in {@code dev.eddy.http.internal}).
 *
 * <p>Start with {@link dev.eddy.http.wire.RequestParser} (the request-line state machine), then
 * {@code HeaderBlockParser} (header fields, shared with trailers and the client's response
 * parser), {@code RequestFraming} (the framing rules: body length, keep-alive, 100-continue),
 * then {@link dev.eddy.http.wire.ChunkedDecoder}. The client
 * reads responses with {@link dev.eddy.http.wire.ResponseParser}, the same machine with a status
 * line. {@link dev.eddy.http.wire.HttpLimits} lists what each limit protects. The other
 * direction, writing a response head, is the server's {@code ResponseHeadEncoder}; the client
 * writes requests with its {@code RequestWriter}.
 *
 * <p>Nothing here touches a socket or a loop, so all of it is tested by feeding bytes.
 */
package dev.eddy.http.wire;
