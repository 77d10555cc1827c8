package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens TCP connections as {@link IOStream}s (Tornado's {@code TCPClient}).
 *
 * <p>Name resolution calls the JDK's blocking resolver (or a {@link NameResolver} you
 * supply), so it runs on an executor, never on the loop (an IP literal skips it). One
 * deadline covers resolving and connecting. Each resolved address is tried in turn until
 * one accepts. The future fails with {@link ConnectionRefusedException} when every address
 * refused, with {@link ConnectTimeoutException} when the deadline passed first, with the
 * resolver's {@link UnknownHostException} itself when the name does not resolve, and at once with
 * {@link IllegalArgumentException} for a port outside 1-65535. Whatever else goes wrong
 * fails the future too: nothing thrown in a step of the attempt is left to a done-callback
 * (where it would only be logged, and the caller would wait for the deadline). Cancelling
 * the future abandons the attempt and closes its socket.
 *
 * <p>The stream's {@link Transport} is plain TCP unless the caller gives a
 * {@link ClientTransports} that wraps the socket in something else: a TLS client configuration
 * is one. The future then succeeds only once the transport is {@link Transport#ready() ready}
 * (for TLS: the handshake is done, the certificate checked against the host), and fails with the
 * transport's reason when it never will; the one deadline covers that too. This class names no
 * TLS type: it treats every transport alike, which keeps the package below TLS.
 *
 * <p>It connects to Unix-domain sockets too ({@link UnixDomainSocketAddress}: a path, no name
 * to resolve, one address to try); the stream is the same {@link IOStream} over the same
 * transports, and TLS works over it as over TCP.
 *
 * <p>Call on the loop's thread.
 */
public final class TcpClient {

    private TcpClient() {
    }

    /**
     * Connects with {@link StreamOptions#defaults()} and the default resolver executor.
     *
     * @param loop the loop the stream will belong to; call on its thread
     * @param host the host name or IP literal to connect to
     * @param port the port, 1-65535
     * @param timeout one deadline for resolving and connecting
     * @return a future completing with the connected stream, or failing with
     *     {@link ConnectionRefusedException}, {@link ConnectTimeoutException},
     *     {@link java.net.UnknownHostException} or another connect error
     */
    public static Future<IOStream> connect(IOLoop loop, String host, int port, Duration timeout) {
        return connect(loop, host, port, timeout, StreamOptions.defaults(), Resolver.EXECUTOR);
    }

    /**
     * Connects with the given stream options and the default resolver executor.
     *
     * @param loop the loop the stream will belong to; call on its thread
     * @param host the host name or IP literal to connect to
     * @param port the port, 1-65535
     * @param timeout one deadline for resolving and connecting
     * @param options the new stream's buffering and timeouts
     * @return a future completing with the connected stream, or failing with
     *     {@link ConnectionRefusedException}, {@link ConnectTimeoutException},
     *     {@link java.net.UnknownHostException} or another connect error
     */
    public static Future<IOStream> connect(IOLoop loop, String host, int port, Duration timeout,
                                           StreamOptions options) {
        return connect(loop, host, port, timeout, options, Resolver.EXECUTOR);
    }

    /**
     * Connects over the transport {@code transports} makes, typically TLS (pass a TLS client
     * configuration): the future succeeds once the transport is {@link Transport#ready() ready}
     * (for TLS, the handshake done and the certificate checked against {@code host}) and fails
     * with the transport's reason when it is not (for TLS, a handshake exception that says why).
     * The deadline covers that too.
     *
     * @param loop the loop the stream will belong to; call on its thread
     * @param host the host name or IP literal to connect to
     * @param port the port, 1-65535
     * @param timeout one deadline for resolving, connecting and the transport's set-up (the TLS handshake)
     * @param options the new stream's buffering and timeouts
     * @param transports wraps the socket (a TLS client configuration, say); null for plain TCP
     * @return a future completing with the connected stream once its transport is ready, or failing
     *     as a plain connect does or with the transport's reason
     */
    public static Future<IOStream> connect(IOLoop loop, String host, int port, Duration timeout,
                                           StreamOptions options, ClientTransports transports) {
        return connect(loop, host, port, timeout, options, Resolver.EXECUTOR, NameResolver.SYSTEM, transports);
    }

    /**
     * Connects to {@code host:port} within {@code timeout}, resolving with the JDK.
     *
     * @param loop the loop the stream will belong to; call on its thread
     * @param host the host name or IP literal to connect to
     * @param port the port, 1-65535
     * @param timeout one deadline for resolving and connecting
     * @param options the new stream's buffering and timeouts
     * @param resolver where the blocking name lookup runs
     * @return a future completing with the connected stream, or failing with
     *     {@link ConnectionRefusedException}, {@link ConnectTimeoutException},
     *     {@link java.net.UnknownHostException} or another connect error
     */
    public static Future<IOStream> connect(IOLoop loop, String host, int port, Duration timeout,
                                           StreamOptions options, Executor resolver) {
        return connect(loop, host, port, timeout, options, resolver, NameResolver.SYSTEM);
    }

    /**
     * Connects to {@code host:port} within {@code timeout}.
     *
     * @param loop     the loop the stream will belong to; call on its thread
     * @param host     the host name or IP literal to connect to
     * @param port     the port, 1-65535
     * @param timeout  one deadline for resolving and connecting
     * @param options  the new stream's buffering and timeouts
     * @param executor where the blocking name lookup runs
     * @param names    the lookup itself (not used for an IP literal)
     * @return a future completing with the connected stream, or failing with
     *     {@link ConnectionRefusedException}, {@link ConnectTimeoutException},
     *     {@link java.net.UnknownHostException} or another connect error
     */
    public static Future<IOStream> connect(IOLoop loop, String host, int port, Duration timeout,
                                           StreamOptions options, Executor executor, NameResolver names) {
        return connect(loop, host, port, timeout, options, executor, names, null);
    }

    /**
     * Connects to {@code host:port} within {@code timeout}, over the transport {@code transports}
     * makes (TLS, say), or plain TCP when it is null.
     *
     * @param loop     the loop the stream will belong to; call on its thread
     * @param host     the host name or IP literal to connect to
     * @param port     the port, 1-65535
     * @param timeout  one deadline for resolving, connecting (and the transport's set-up, the TLS handshake)
     * @param options  the new stream's buffering and timeouts
     * @param executor where the blocking name lookup runs
     * @param names    the lookup itself (not used for an IP literal)
     * @param transports wraps the socket (a TLS client configuration, say); null for plain TCP
     * @return a future completing with the connected stream once its transport is ready (after
     *     the handshake with TLS), or failing with {@link ConnectionRefusedException},
     *     {@link ConnectTimeoutException}, {@link java.net.UnknownHostException}, the transport's
     *     reason (a TLS handshake exception) or another connect error
     */
    public static Future<IOStream> connect(IOLoop loop, String host, int port, Duration timeout,
                                           StreamOptions options, Executor executor, NameResolver names,
                                           ClientTransports transports) {
        loop.checkLoopThread("TcpClient.connect");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            return Future.failed(loop, new IllegalArgumentException(
                    "port " + port + " out of range (1-65535) for " + host));
        }
        return new Attempt(loop, host, port, timeout, options, transports).start(executor, names);
    }

    /**
     * Connects to the Unix-domain socket at {@code path} within {@code timeout}. The future
     * fails with {@link ConnectionRefusedException} when nobody listens there (or the file
     * does not exist), with {@link ConnectTimeoutException} at the deadline.
     *
     * @param loop    the loop the stream will belong to; call on its thread
     * @param path    the socket's path
     * @param timeout the deadline for connecting
     * @param options the new stream's buffering and timeouts
     * @return a future completing with the connected stream
     */
    public static Future<IOStream> connect(IOLoop loop, UnixDomainSocketAddress path, Duration timeout,
                                           StreamOptions options) {
        return connect(loop, path, "localhost", timeout, options, null);
    }

    /**
     * Connects to the Unix-domain socket at {@code path}, over the transport {@code transports}
     * makes (TLS, say), or plain when it is null: {@code host} is what the transport is told it
     * dials (with TLS, the name the server's certificate must carry and the SNI name sent), as the
     * URL's host is for {@code curl --unix-socket PATH https://host/}; the port it is told is 0.
     *
     * @param loop       the loop the stream will belong to; call on its thread
     * @param path       the socket's path
     * @param host       the server's name for the transport (TLS), and in error messages
     * @param timeout    one deadline for connecting and the transport's set-up (the TLS handshake)
     * @param options    the new stream's buffering and timeouts
     * @param transports wraps the socket (a TLS client configuration, say); null for plain
     * @return a future completing with the connected stream once its transport is ready
     */
    public static Future<IOStream> connect(IOLoop loop, UnixDomainSocketAddress path, String host, Duration timeout,
                                           StreamOptions options, ClientTransports transports) {
        loop.checkLoopThread("TcpClient.connect");
        Objects.requireNonNull(path, "path");
        return new Attempt(loop, Objects.requireNonNull(host, "host"), 0, timeout, options, transports).start(path);
    }

    /** One connection attempt: the deadline, the address being tried, the result. */
    private static final class Attempt {
        final IOLoop loop;
        final String host;
        final int port;
        final Duration timeout;
        final StreamOptions options;
        final ClientTransports transports;
        final Promise<IOStream> result;
        final Timeout timer;
        IOStream current;
        String phase = "resolving";

        Attempt(IOLoop loop, String host, int port, Duration timeout, StreamOptions options,
                ClientTransports transports) {
            this.loop = loop;
            this.host = host;
            this.port = port;
            this.timeout = timeout;
            this.options = options;
            this.transports = transports == null ? ClientTransports.PLAIN : transports;
            this.result = new Promise<>(loop);
            this.timer = loop.callLater(timeout, () -> result.tryFail(new ConnectTimeoutException(
                    "connect to " + host + ":" + port + " timed out after " + timeout + " while " + phase)));
            result.addDoneCallback(f -> {
                timer.cancel();
                if (!f.isSucceeded() && current != null) {
                    current.close();          // timed out or cancelled: drop the half-open socket
                }
            });
        }

        Future<IOStream> start(Executor executor, NameResolver names) {
            Future<InetAddress[]> addresses = isIpLiteral(host)
                    ? Futures.runInExecutor(loop, Runnable::run, () -> InetAddress.getAllByName(host))
                    : Futures.runInExecutor(loop, executor, () -> names.resolve(host));
            addresses.whenComplete((all, failure) -> {
                if (failure != null) {
                    result.tryFail(failure);
                } else if (all == null || all.length == 0) {
                    result.tryFail(new UnknownHostException(host + ": the resolver returned no address"));
                } else {
                    SocketAddress[] withPort = new SocketAddress[all.length];
                    for (int i = 0; i < all.length; i++) {
                        withPort[i] = new InetSocketAddress(all[i], port);
                    }
                    tryAddressOrFail(withPort, 0, null);
                }
            });
            return result;
        }

        /** A Unix-domain socket: nothing to resolve, one address to try. */
        Future<IOStream> start(UnixDomainSocketAddress path) {
            phase = "connecting to " + path;
            tryAddressOrFail(new SocketAddress[] {path}, 0, null);
            return result;
        }

        /** {@link #tryAddress}, run from a done-callback: what it throws fails the attempt. */
        void tryAddressOrFail(SocketAddress[] all, int i, Throwable lastFailure) {
            try {
                tryAddress(all, i, lastFailure);
            } catch (RuntimeException e) {
                result.tryFail(e);          // the result's done-callback closes the socket
            }
        }

        void tryAddress(SocketAddress[] all, int i, Throwable lastFailure) {
            if (result.isDone()) {
                return;
            }
            if (i == all.length) {
                result.tryFail(refused(all, lastFailure));
                return;
            }
            SocketAddress address = all[i];
            phase = "connecting to " + address;
            IOStream stream = open(address);
            if (stream == null) {
                return;                       // the attempt failed: no other address would do better
            }
            current = stream;
            stream.connect(address).whenComplete((v, failure) -> {
                if (failure != null) {
                    tryAddressOrFail(all, i + 1, failure);
                } else {
                    awaitReady(stream, address);
                }
            });
        }

        /**
         * The socket is connected: the attempt succeeds once the transport says it can carry
         * application bytes (a plain one at once, TLS when the handshake is done), and fails with
         * its reason when it never will, without trying the next address (a certificate does not
         * change there).
         */
        void awaitReady(IOStream stream, SocketAddress address) {
            phase = "setting up " + stream.transport().getClass().getSimpleName() + " with " + address;
            Future<Void> ready;
            try {
                ready = stream.transport().ready();
            } catch (RuntimeException e) {
                result.tryFail(e);          // the result's done-callback closes the stream
                return;
            }
            if (ready.isSucceeded()) {
                succeed(stream);            // a plain transport: no loop turn to wait for
                return;
            }
            ready.whenComplete((r, notReady) -> {
                if (notReady != null) {
                    result.tryFail(notReady);
                } else {
                    succeed(stream);
                }
            });
        }

        private void succeed(IOStream stream) {
            if (!result.tryComplete(stream)) {
                stream.close();             // the deadline passed meanwhile
            }
        }

        /**
         * A stream over a new socket for {@code address}, its transport made by
         * {@link #transports}; null, with the attempt failed and the socket closed, when opening
         * the socket or making the transport throws.
         */
        IOStream open(SocketAddress address) {
            SocketChannel channel = null;
            try {
                channel = address instanceof UnixDomainSocketAddress
                        ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
                return new IOStream(loop, transports.open(channel, host, port), options);
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    closeQuietly(channel);
                }
                result.tryFail(e);
                return null;
            }
        }

        /**
         * The failure once every address failed: "refused" when nobody listened, which on a
         * Unix-domain socket also covers a path with no socket file (the JDK says only "No such
         * file or directory", as a plain {@link java.net.SocketException}).
         */
        Throwable refused(SocketAddress[] all, Throwable lastFailure) {
            if (all.length == 1 && all[0] instanceof UnixDomainSocketAddress path && lastFailure instanceof IOException
                    && (lastFailure instanceof ConnectException || !java.nio.file.Files.exists(path.getPath()))) {
                return new ConnectionRefusedException("connection to " + path + " refused"
                        + (lastFailure instanceof ConnectException ? "" : ": no such socket"), lastFailure);
            }
            return lastFailure instanceof ConnectException
                    ? new ConnectionRefusedException("connection to " + host + ":" + port + " refused", lastFailure)
                    : lastFailure;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // it was never connected; nothing is lost
        }
    }

    /** True for "127.0.0.1" or "::1": the JDK parses those without asking DNS. */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    /** The default resolver pool: a few daemon threads, created on first use. */
    private static final class Resolver {
        static final ExecutorService EXECUTOR;
        static {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "eddy-resolver-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            EXECUTOR = pool;
        }
    }
}
