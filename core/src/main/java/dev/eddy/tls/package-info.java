/**
 * TLS on the loop: encryption for every connection Eddy makes or accepts, with the JDK's
 * {@link javax.net.ssl.SSLEngine} and nothing else.
 *
 * <p>It builds on {@code dev.eddy.net} and never the other way round: a {@link
 * dev.eddy.tls.TlsTransport} is a {@link dev.eddy.net.Transport}, and the two configurations are
 * the {@link dev.eddy.net.ServerTransports} and {@link dev.eddy.net.ClientTransports} that the TCP
 * server and client (and the HTTP server and clients) are given to speak TLS.
 *
 * <p>Start reading at {@link dev.eddy.tls.TlsServerConfig} and {@link dev.eddy.tls.TlsClientConfig}
 * (what a server presents and what a client trusts, with their defaults), then
 * {@link dev.eddy.tls.TlsPolicy} (which versions and cipher suites, as a rule). The files
 * behind them: {@code PemFiles} and {@code KeyMaterial} (loading keys, and saying clearly
 * what is wrong with a file), {@code TlsFailures} (turning the JDK's handshake errors into
 * one-line {@link dev.eddy.tls.TlsHandshakeException}s). Then {@link dev.eddy.tls.TlsTransport}:
 * how the handshake, wrap and unwrap are driven by readiness events, and how buffers stay
 * small while a connection is idle; beside it {@code TlsLifecycle} (its superclass: the
 * connection's states and the moves between them), {@code TlsReadiness} (the socket's interest
 * and the owner's wake-ups), {@code TlsHandshake} (the handshake's steps) and
 * {@code TlsRecords} (records in and out, and what a connection holds). The chapter docs/07-encryption-on-the-loop.md tells the
 * story with pictures.
 */
package dev.eddy.tls;
