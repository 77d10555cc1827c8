package dev.eddy.http.websocket;

import dev.eddy.http.HttpResponse;
import dev.eddy.http.wire.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The opening handshake (RFC 6455 section 4): an HTTP/1.1 GET with {@code Upgrade: websocket}
 * answered by {@code 101 Switching Protocols}, after which the same connection carries frames.
 *
 * <pre>
 *  GET /chat HTTP/1.1                        HTTP/1.1 101 Switching Protocols
 *  Host: example.com                         Upgrade: websocket
 *  Upgrade: websocket                        Connection: Upgrade
 *  Connection: Upgrade                       Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
 *  Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
 *  Sec-WebSocket-Version: 13
 * </pre>
 *
 * <p>The key and its accept value prove that the server understood WebSocket (an ordinary HTTP
 * server or a cache could not compute the answer), not anything about who is talking: the accept
 * value is the base64 of SHA-1 over the key and a fixed GUID. Both sides' checks live here, as
 * pure functions of headers; the connection code calls them.
 */
public final class WebSocketHandshake {

    /** The version this implementation speaks: RFC 6455's, the only one browsers use. */
    public static final String VERSION = "13";

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /**
     * What the two ends agreed on: a subprotocol (or null) and compression (or null).
     *
     * @param subprotocol the subprotocol agreed, or null
     * @param deflate the permessage-deflate agreement, or null for no compression
     */
    public record Agreement(String subprotocol, PerMessageDeflate deflate) {
    }

    private WebSocketHandshake() {
    }

    /**
     * The {@code Sec-WebSocket-Accept} value for a {@code Sec-WebSocket-Key}.
     *
     * @param key the client's {@code Sec-WebSocket-Key}
     * @return the base64 SHA-1 of the key and the RFC 6455 GUID
     */
    public static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * A fresh {@code Sec-WebSocket-Key}: 16 random bytes, base64.
     *
     * @param random the source of the 16 random bytes
     * @return a new key
     */
    public static String newKey(RandomGenerator random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * Server side: checks an upgrade request (section 4.2.1).
     *
     * @param method the request's method; must be GET
     * @param minorVersion the request's HTTP minor version; HTTP/1.0 (0) is refused
     * @param headers the request's headers
     * @return the request's {@code Sec-WebSocket-Key}
     * @throws WebSocketHandshakeException 400 for a request that is not a valid upgrade, 426 for
     *                                     a missing or other version
     */
    public static String checkRequest(String method, int minorVersion, HttpHeaders headers)
            throws WebSocketHandshakeException {
        if (!method.equals("GET")) {
            throw new WebSocketHandshakeException(400, "a WebSocket upgrade must be a GET");
        }
        if (minorVersion < 1) {
            throw new WebSocketHandshakeException(400, "a WebSocket upgrade needs HTTP/1.1");
        }
        if (!hasToken(headers.getAll("upgrade"), "websocket")) {
            throw new WebSocketHandshakeException(400, "Upgrade: websocket missing");
        }
        if (!hasToken(headers.getAll("connection"), "upgrade")) {
            throw new WebSocketHandshakeException(400, "Connection: Upgrade missing");
        }
        List<String> versions = headers.getAll("sec-websocket-version");
        if (versions.size() != 1 || !versions.get(0).trim().equals(VERSION)) {
            throw new WebSocketHandshakeException(426, "Sec-WebSocket-Version must be " + VERSION);
        }
        List<String> keys = headers.getAll("sec-websocket-key");
        if (keys.size() != 1 || !isValidKey(keys.get(0).trim())) {
            throw new WebSocketHandshakeException(400, "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        return keys.get(0).trim();
    }

    /**
     * Server side: the subprotocol to speak, the first of {@code supported} (the server's order
     * of preference) that the client offered in {@code Sec-WebSocket-Protocol}; null when none
     * matches (the handshake then goes on without one, and the client decides whether that will do).
     *
     * @param requestHeaders the upgrade request's headers
     * @param supported the subprotocols this server speaks, most preferred first
     * @return the chosen subprotocol, or null
     */
    public static String selectSubprotocol(HttpHeaders requestHeaders, List<String> supported) {
        List<String> offered = tokens(requestHeaders.getAll("sec-websocket-protocol"));
        for (String s : supported) {
            if (offered.contains(s)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Server side: the permessage-deflate agreement for the client's offers, or null when it made
     * none this end can honour.
     *
     * @param requestHeaders the upgrade request's headers
     * @return the agreement, or null when compression stays off
     * @throws WebSocketHandshakeException 400 when {@code Sec-WebSocket-Extensions} is malformed
     */
    public static PerMessageDeflate negotiateDeflate(HttpHeaders requestHeaders) throws WebSocketHandshakeException {
        try {
            return PerMessageDeflate.accept(WebSocketExtension.parse(requestHeaders.getAll("sec-websocket-extensions")));
        } catch (IllegalArgumentException e) {
            throw new WebSocketHandshakeException(400, e.getMessage());
        }
    }

    /**
     * Server side: the {@code 101} answer to a checked request.
     *
     * @param key         the client's {@code Sec-WebSocket-Key}
     * @param subprotocol the one chosen, or null
     * @param deflate     the compression agreed, or null
     * @return the {@code 101 Switching Protocols} response, without an upgrade attached
     */
    public static HttpResponse switchingProtocols(String key, String subprotocol, PerMessageDeflate deflate) {
        HttpResponse r = HttpResponse.of(101)
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade")
                .header("Sec-WebSocket-Accept", acceptFor(key));
        if (subprotocol != null) {
            r.header("Sec-WebSocket-Protocol", subprotocol);
        }
        if (deflate != null) {
            r.header("Sec-WebSocket-Extensions", deflate.responseHeader());
        }
        return r;
    }

    /**
     * Server side: the answer to a failed handshake (426 names the version spoken here).
     *
     * @param e the handshake failure
     * @return a response with the failure's status and message
     */
    public static HttpResponse rejection(WebSocketHandshakeException e) {
        HttpResponse r = HttpResponse.text(e.status(), e.getMessage() + "\n");
        if (e.status() == 426) {
            r.header("Sec-WebSocket-Version", VERSION).header("Upgrade", "websocket").header("Connection", "Upgrade");
        }
        return r;
    }

    /**
     * Client side: checks the server's answer (section 4.1, the list after "the client MUST
     * validate the server's response").
     *
     * @param status           the status of the server's answer; must be 101
     * @param headers          the headers of the server's answer
     * @param key              the {@code Sec-WebSocket-Key} this client sent
     * @param offeredProtocols the subprotocols it offered (empty for none)
     * @param offeredDeflate   whether it offered permessage-deflate
     * @return the subprotocol and compression the server chose
     * @throws WebSocketHandshakeException when the answer is not a valid acceptance
     */
    public static Agreement checkResponse(int status, HttpHeaders headers, String key,
                                          List<String> offeredProtocols, boolean offeredDeflate)
            throws WebSocketHandshakeException {
        if (status != 101) {
            throw new WebSocketHandshakeException(status, "server answered " + status + " instead of 101");
        }
        if (!hasToken(headers.getAll("upgrade"), "websocket")) {
            throw new WebSocketHandshakeException(status, "answer lacks Upgrade: websocket");
        }
        if (!hasToken(headers.getAll("connection"), "upgrade")) {
            throw new WebSocketHandshakeException(status, "answer lacks Connection: Upgrade");
        }
        List<String> accepts = headers.getAll("sec-websocket-accept");
        if (accepts.size() != 1 || !accepts.get(0).trim().equals(acceptFor(key))) {
            throw new WebSocketHandshakeException(status, "wrong Sec-WebSocket-Accept");
        }
        List<String> protocols = tokens(headers.getAll("sec-websocket-protocol"));
        String subprotocol = null;
        if (!protocols.isEmpty()) {
            if (protocols.size() > 1 || !offeredProtocols.contains(protocols.get(0))) {
                throw new WebSocketHandshakeException(status, "server chose a subprotocol that was not offered: " + protocols);
            }
            subprotocol = protocols.get(0);
        }
        PerMessageDeflate deflate;
        try {
            List<WebSocketExtension> extensions = WebSocketExtension.parse(headers.getAll("sec-websocket-extensions"));
            if (!offeredDeflate && !extensions.isEmpty()) {
                throw new IllegalArgumentException("server accepted extensions that were not offered: " + extensions);
            }
            deflate = PerMessageDeflate.checkResponse(extensions);
        } catch (IllegalArgumentException e) {
            throw new WebSocketHandshakeException(status, e.getMessage());
        }
        return new Agreement(subprotocol, deflate);
    }

    /** True when a comma-separated header (any of its lines) lists {@code token}, ignoring case. */
    static boolean hasToken(List<String> values, String token) {
        for (String t : tokens(values)) {
            if (t.toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }

    /** The elements of a comma-separated header, trimmed, empty ones dropped. */
    static List<String> tokens(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                String t = part.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** A key is 16 bytes in base64: 24 characters ending in "==". */
    private static boolean isValidKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
