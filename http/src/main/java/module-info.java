/**
 * Eddy's HTTP/1.1 server and client and its WebSocket, on {@code dev.eddy.core} and
 * nothing else.
 *
 * <p>{@code dev.eddy.http}, {@code dev.eddy.http.client} and {@code dev.eddy.http.websocket}
 * are the API. {@code dev.eddy.http.wire} (the parser and encoders) is exported too, because
 * some of its types appear in API signatures today: {@code HttpLimits} in the server and
 * client options, {@code RequestHead} from {@code HttpRequest.head()}. Treat the rest of that
 * package as the server's and client's own helpers, not as a place to build on: they may
 * change without notice.
 */
module dev.eddy.http {
    requires transitive dev.eddy.core;
    requires jdk.jfr;           // the dev.eddy.HttpRequest Flight Recorder event (dev.eddy.jfr.HttpRequestEvent)

    exports dev.eddy.http;
    exports dev.eddy.http.client;
    exports dev.eddy.http.websocket;
    exports dev.eddy.http.wire;
}
