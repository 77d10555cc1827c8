package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Test fixture: two {@link IOStream}s connected over a real loopback socket, both on one
 * loop, so a test drives both ends from the loop thread with {@code runSync}.
 */
final class StreamPair implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    final IOLoop loop;
    final SocketChannel leftChannel;
    final SocketChannel rightChannel;
    IOStream left;
    IOStream right;

    StreamPair(StreamOptions leftOptions, StreamOptions rightOptions, int rightReceiveBuffer) {
        this(new IOLoop(), leftOptions, rightOptions, rightReceiveBuffer);
    }

    /** A pair on {@code loop} (e.g. a test loop on virtual time); closing the pair closes the loop. */
    StreamPair(IOLoop loop, StreamOptions leftOptions, StreamOptions rightOptions, int rightReceiveBuffer) {
        this.loop = loop;
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            rightChannel = SocketChannel.open();
            if (rightReceiveBuffer > 0) {
                rightChannel.setOption(StandardSocketOptions.SO_RCVBUF, rightReceiveBuffer);
            }
            rightChannel.connect(ssc.getLocalAddress());
            leftChannel = ssc.accept();
            if (rightReceiveBuffer > 0) {
                leftChannel.setOption(StandardSocketOptions.SO_SNDBUF, rightReceiveBuffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(() -> {
            left = new IOStream(loop, leftChannel, leftOptions);
            right = new IOStream(loop, rightChannel, rightOptions);
            return null;
        });
    }

    StreamPair() {
        this(StreamOptions.defaults(), StreamOptions.defaults(), 0);
    }

    @FunctionalInterface
    interface LoopTask<T> {
        Object call() throws Exception;
    }

    /** Runs {@code task} on the loop; if it returns a Future, waits for it; returns the value. */
    <T> T run(LoopTask<T> task) {
        return run(WAIT, task);
    }

    /** {@link #run(LoopTask)} with a deadline of its own, for work whose length scales with machine load. */
    @SuppressWarnings("unchecked")
    <T> T run(Duration deadline, LoopTask<T> task) {
        return loop.runSync(() -> {
            try {
                Object r = task.call();
                return r instanceof Future<?> f ? (Future<T>) f : Future.succeeded(loop, (T) r);
            } catch (Exception e) {
                return Future.failed(loop, e);
            }
        }, deadline);
    }

    /** A future that succeeds once {@code condition} holds, checked on every loop turn (1 ms apart). */
    static Future<Void> when(IOLoop loop, BooleanSupplier condition) {
        Promise<Void> p = new Promise<>(loop);
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (condition.getAsBoolean()) {
                p.tryComplete(null);
            } else if (!p.isDone()) {
                loop.callLater(Duration.ofMillis(1), check[0]);
            }
        };
        loop.addCallback(check[0]);
        return p;
    }

    /** Closes the left socket with SO_LINGER 0: the kernel sends a reset instead of a FIN. */
    void resetLeft() {
        try {
            leftChannel.setOption(StandardSocketOptions.SO_LINGER, 0);
            leftChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static String str(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        loop.close();
    }
}
