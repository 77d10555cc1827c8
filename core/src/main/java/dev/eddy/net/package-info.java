/**
 * Buffered TCP streams, servers and clients on the loop: the layer between the selector and
 * HTTP (Tornado's {@code iostream}, {@code tcpserver} and {@code tcpclient}).
 *
 * <p>Start reading at {@link dev.eddy.net.IOStream} (what a stream offers, and its life from
 * connect to close), then {@code StreamInput} (how a read is served: buffered bytes, then the
 * socket at once, then readiness; why bytes go through the loop's one read buffer),
 * then {@link dev.eddy.net.WriteQueue} (back-pressure) and {@link dev.eddy.net.Transport}
 * (the seam where TLS slots in: {@link dev.eddy.net.ServerTransports} and
 * {@link dev.eddy.net.ClientTransports} say how a server and a client wrap a socket, so this
 * package names nothing of the TLS one above it). Then {@link dev.eddy.net.TcpServer} (accepting in
 * batches, handing connections to loops), {@link dev.eddy.net.LoopGroup} (one loop per
 * core) and {@link dev.eddy.net.TcpClient} (resolve off the loop, one deadline).
 * The chapter docs/04-streams.md tells the story with pictures.
 */
package dev.eddy.net;
