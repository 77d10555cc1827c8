package dev.eddy.http.websocket;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The permessage-deflate extension (RFC 7692) as two ends agreed on it, and the negotiation that
 * reaches the agreement from either side.
 *
 * <p>The client offers, the server picks at most one offer and answers with the parameters it
 * accepted. The parameters that matter here say whether each side resets its compressor after
 * every message ("no context takeover") — the server honours whatever the client asks.
 *
 * <p>Window sizes: {@code java.util.zip} always compresses with a 32 KiB window (15 bits) and can
 * inflate anything up to that. So this end declines an offer that asks it to compress with a
 * smaller window ({@code server_max_window_bits} below 15), never offers
 * {@code client_max_window_bits} (which would let a server shrink this client's window), and
 * happily accepts a server that announces a smaller window of its own.
 *
 * @param serverNoContextTakeover the server resets its compressor after every message
 * @param clientNoContextTakeover the client resets its compressor after every message
 * @param serverMaxWindowBits     the server's window as the agreement names it (8..15), or 0
 *                                when it does not (the server then uses 15)
 */
public record PerMessageDeflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits) {

    /** The extension's registered name. */
    public static final String NAME = "permessage-deflate";

    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    /**
     * What a client sends in {@code Sec-WebSocket-Extensions}: the extension, no parameters.
     *
     * @return the offer {@code permessage-deflate}
     */
    public static String clientOffer() {
        return NAME;
    }

    /**
     * Server side: the first offer this end can honour, or null when there is none (the
     * connection then goes uncompressed, which is always allowed).
     *
     * @param offers the client's offers, in its order of preference
     * @return the agreement for the first offer this end accepts, or null
     */
    public static PerMessageDeflate accept(List<WebSocketExtension> offers) {
        for (WebSocketExtension offer : offers) {
            if (!offer.name().equals(NAME)) {
                continue;
            }
            PerMessageDeflate accepted = acceptOffer(offer);
            if (accepted != null) {
                return accepted;
            }
        }
        return null;
    }

    /**
     * Client side: checks the server's answer to {@link #clientOffer()}.
     *
     * @param response the extensions the server's 101 named (empty: no compression)
     * @return the agreement, or null when the server declined
     * @throws IllegalArgumentException when the server answered with something this client
     *                                  did not offer or cannot honour (the handshake fails)
     */
    public static PerMessageDeflate checkResponse(List<WebSocketExtension> response) {
        if (response.isEmpty()) {
            return null;
        }
        if (response.size() > 1 || !response.get(0).name().equals(NAME)) {
            throw new IllegalArgumentException("server accepted extensions that were not offered: " + response);
        }
        Set<String> seen = new HashSet<>();
        boolean server = false;
        boolean client = false;
        int serverBits = 0;
        for (WebSocketExtension.Param p : response.get(0).params()) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("repeated permessage-deflate parameter: " + p.name());
            }
            switch (p.name()) {
                case SERVER_NO_CONTEXT_TAKEOVER -> server = flag(p);
                case CLIENT_NO_CONTEXT_TAKEOVER -> client = flag(p);
                case SERVER_MAX_WINDOW_BITS -> serverBits = windowBits(p.value());   // any window inflates
                default -> throw new IllegalArgumentException("permessage-deflate parameter not offered: " + p.name());
            }
        }
        return new PerMessageDeflate(server, client, serverBits);
    }

    /**
     * The server's answer: the extension with the parameters it accepted.
     *
     * @return the {@code Sec-WebSocket-Extensions} value to answer with
     */
    public String responseHeader() {
        List<WebSocketExtension.Param> params = new ArrayList<>();
        if (serverNoContextTakeover) {
            params.add(new WebSocketExtension.Param(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (clientNoContextTakeover) {
            params.add(new WebSocketExtension.Param(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        if (serverMaxWindowBits != 0) {     // an offer that named it must get it back (section 7.1.2.1)
            params.add(new WebSocketExtension.Param(SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits)));
        }
        return new WebSocketExtension(NAME, params).toString();
    }

    /** The compressor for what {@code self} sends. */
    MessageDeflater newDeflater(Role self, int level) {
        return new MessageDeflater(level, self == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover);
    }

    /** The decompressor for what the peer of {@code self} sends. */
    MessageInflater newInflater(Role self) {
        return new MessageInflater(self == Role.SERVER ? clientNoContextTakeover : serverNoContextTakeover);
    }

    /** One offer's parameters, or null when any of them is unknown, repeated, malformed or unmet. */
    private static PerMessageDeflate acceptOffer(WebSocketExtension offer) {
        Set<String> seen = new HashSet<>();
        boolean server = false;
        boolean client = false;
        int serverBits = 0;
        try {
            for (WebSocketExtension.Param p : offer.params()) {
                if (!seen.add(p.name())) {
                    return null;
                }
                switch (p.name()) {
                    case SERVER_NO_CONTEXT_TAKEOVER -> server = flag(p);
                    case CLIENT_NO_CONTEXT_TAKEOVER -> client = flag(p);
                    case SERVER_MAX_WINDOW_BITS -> {
                        serverBits = windowBits(p.value());
                        if (serverBits < 15) {
                            return null;        // cannot compress with a smaller window
                        }
                    }
                    case CLIENT_MAX_WINDOW_BITS -> {
                        if (p.value() != null) {
                            windowBits(p.value());  // a hint only: the client's window may stay 15
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        return new PerMessageDeflate(server, client, serverBits);
    }

    private static boolean flag(WebSocketExtension.Param p) {
        if (p.value() != null) {
            throw new IllegalArgumentException(p.name() + " takes no value");
        }
        return true;
    }

    /** A window size: a decimal 8..15 without leading zeros (RFC 7692 section 7.1.2). */
    private static int windowBits(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 || value.charAt(0) == '0'
                || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid window bits: " + value);
        }
        int bits = Integer.parseInt(value);
        if (bits < 8 || bits > 15) {
            throw new IllegalArgumentException("window bits out of range: " + value);
        }
        return bits;
    }
}
