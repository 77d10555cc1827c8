package dev.eddy.http.websocket;

import dev.eddy.Future;
import dev.eddy.http.HttpHandler;
import dev.eddy.http.HttpRequest;
import dev.eddy.http.HttpResponse;

import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * The server side of the opening handshake, as a route of the HTTP server: the router decides
 * which paths accept WebSocket, and this answers the upgrade request on them.
 *
 * <pre>{@code
 * Router router = new Router()
 *         .get("/echo", WebSocketUpgrade.handler(WebSocketOptions.defaults(), ws -> echo(ws)));
 * }</pre>
 *
 * <p>A valid upgrade is answered {@code 101} with the agreed subprotocol and compression; once
 * that answer is on its way the HTTP connection hands its transport, and any bytes that arrived
 * behind the request, to a new {@link WebSocket}, which {@code onOpen} receives. A bad one gets
 * the exact error: 400, 426 with {@code Sec-WebSocket-Version: 13}, or 403 for an origin that
 * {@link WebSocketOptions#allowedOrigin()} refuses.
 */
public final class WebSocketUpgrade {

    private static final System.Logger LOG = System.getLogger("dev.eddy.http.websocket");

    private WebSocketUpgrade() {
    }

    /**
     * A handler for a route: every request to it is an upgrade, each accepted connection goes to {@code onOpen}.
     *
     * @param options limits, timeouts, compression, subprotocols and the origin check
     * @param onOpen called on the loop with each accepted connection
     * @return a handler that upgrades every request it gets
     */
    public static HttpHandler handler(WebSocketOptions options, Consumer<WebSocket> onOpen) {
        return request -> accept(request, options, onOpen);
    }

    /**
     * Answers an upgrade request: {@code 101} and a new {@link WebSocket} for {@code onOpen}
     * (called on the loop once the connection is handed over), or the error response.
     *
     * @param request the upgrade request
     * @param options limits, timeouts, compression, subprotocols and the origin check
     * @param onOpen called on the loop with the connection once it is handed over
     * @return a succeeded future of the {@code 101} response, or of the error response
     */
    public static Future<HttpResponse> accept(HttpRequest request, WebSocketOptions options, Consumer<WebSocket> onOpen) {
        HttpResponse answer;
        try {
            String key = WebSocketHandshake.checkRequest(request.method(), request.head().minorVersion(), request.headers());
            if (request.head().hasBody()) {
                throw new WebSocketHandshakeException(400, "a WebSocket upgrade has no body");
            }
            if (!options.allowedOrigin().test(request.header("origin"))) {
                throw new WebSocketHandshakeException(403, "origin not allowed: " + request.header("origin"));
            }
            String subprotocol = WebSocketHandshake.selectSubprotocol(request.headers(), options.subprotocols());
            PerMessageDeflate deflate = options.compression() ? WebSocketHandshake.negotiateDeflate(request.headers()) : null;
            WebSocketHandshake.Agreement agreement = new WebSocketHandshake.Agreement(subprotocol, deflate);
            answer = WebSocketHandshake.switchingProtocols(key, subprotocol, deflate).upgrade((transport, leftover) -> {
                WebSocket ws = new WebSocket(request.loop(), transport, Role.SERVER, options, agreement, null);
                try {
                    onOpen.accept(ws);
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.ERROR, "WebSocket onOpen failed for " + request + "; closing with 1011", e);
                    ws.close(CloseCodes.INTERNAL_ERROR, "");
                }
                ws.start(leftover);
                return ws.handler();
            });
        } catch (WebSocketHandshakeException e) {
            answer = WebSocketHandshake.rejection(e);
        }
        return Future.succeeded(request.loop(), answer);
    }
}
