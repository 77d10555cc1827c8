package dev.eddy.http.websocket;

/**
 * Which end of a WebSocket connection this is. The two ends follow mirror-image rules: a client
 * masks every frame it sends and must receive unmasked frames; a server sends unmasked frames and
 * must receive masked ones (RFC 6455 section 5.1). Masking exists so that a hostile script in a
 * browser cannot make the bytes on the wire look like an HTTP request to a proxy in between.
 */
public enum Role {
    /** The end that opened the connection: it masks what it sends. */
    CLIENT,
    /** The end that accepted the connection: it receives masked frames. */
    SERVER;

    /**
     * True when this end masks what it sends (the client).
     *
     * @return whether this end masks the frames it sends
     */
    public boolean masksOutgoing() {
        return this == CLIENT;
    }

    /**
     * True when this end requires the frames it receives to be masked (the server).
     *
     * @return whether this end refuses unmasked frames
     */
    public boolean expectsMaskedIncoming() {
        return this == SERVER;
    }
}
