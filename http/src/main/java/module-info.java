/**
 * Eddy's HTTP/1.1 server and client and its WebSocket, on {@code dev.eddy.core} and
 * nothing else.
 *
 * <p>The API: {@code dev.eddy.http} (the server and what a handler sees),
 * {@code dev.eddy.http.client}, {@code dev.eddy.http.websocket}, {@code dev.eddy.http.body}
 * (bodies in pieces, the same types on both sides: {@code BodyWriter}, {@code BodyConsumer}),
 * and {@code dev.eddy.http.wire}, the wire format those share: {@code HttpHeaders} is in every
 * request and response, {@code HttpLimits} in the server's and the client's options,
 * {@code RequestHead} comes from {@code HttpRequest.head()}, and the parsers can be used on
 * their own. Dependencies run one way: server and client on body, server, client, WebSocket
 * and body on wire, wire on {@code dev.eddy.http.internal}.
 *
 * <p>{@code dev.eddy.http.internal} is not exported: byte helpers (the grammar's byte classes,
 * the output buffer, status and date lines) that the other packages share and no user needs.
 */
module dev.eddy.http {
    requires transitive dev.eddy.core;
    requires jdk.jfr;           // the dev.eddy.HttpRequest Flight Recorder event (dev.eddy.jfr.HttpRequestEvent)

    exports dev.eddy.http;
    exports dev.eddy.http.body;
    exports dev.eddy.http.client;
    exports dev.eddy.http.websocket;
    exports dev.eddy.http.wire;
}
