package dev.eddy.http;

/**
 * A snapshot of what an {@link HttpServer} has done since it started listening, summed over
 * its loops; see {@link HttpServer#stats()} and, to serve it, {@link StatsHandler}.
 *
 * <p>Each loop counts its own connections in plain fields (so counting costs a request one
 * add per figure); a snapshot read off those loops may lag them by a request or two.
 * A connection upgraded to another protocol (WebSocket) stops counting here once its
 * {@code 101} is sent.
 *
 * @param openConnections     connections open now
 * @param connectionsAccepted connections accepted so far
 * @param requests            request heads parsed (exchanges begun)
 * @param responses1xx        responses sent with a 1xx status (a {@code 101} upgrade)
 * @param responses2xx        responses sent with a 2xx status
 * @param responses3xx        responses sent with a 3xx status
 * @param responses4xx        responses sent with a 4xx status, the server's own refusals
 *                            of bad requests included
 * @param responses5xx        responses sent with a 5xx status, failed handlers included
 * @param handlerErrors       handlers that threw or whose future failed (each answered 500)
 * @param protocolErrors      requests the server refused itself: malformed, too large, too
 *                            slow (400, 408, 413, 414, 431, 501, 505)
 * @param bytesIn             bytes read from clients (after TLS decryption)
 * @param bytesOut            bytes written to clients (before TLS encryption)
 */
public record HttpServerStats(int openConnections, long connectionsAccepted, long requests,
                              long responses1xx, long responses2xx, long responses3xx,
                              long responses4xx, long responses5xx,
                              long handlerErrors, long protocolErrors, long bytesIn, long bytesOut) {

    /**
     * Every response sent, whatever its status.
     *
     * @return the sum of the five status classes
     */
    public long responses() {
        return responses1xx + responses2xx + responses3xx + responses4xx + responses5xx;
    }
}
