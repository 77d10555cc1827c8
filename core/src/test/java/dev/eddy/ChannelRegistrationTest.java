package dev.eddy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import static dev.eddy.TestLoops.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Channels on the loop, with {@link Pipe}s: a pipe's source end is readable once bytes are written. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelRegistrationTest {

    private final IOLoop loop = new IOLoop();
    private final List<Pipe> pipes = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        loop.close();
        for (Pipe p : pipes) {
            p.sink().close();
            p.source().close();
        }
    }

    private Pipe pipe() {
        try {
            Pipe p = Pipe.open();
            pipes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Pipe p, String s) {
        try {
            p.sink().write(ByteBuffer.wrap(s.getBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Pipe p) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(100);
        p.source().read(b);
        return new String(b.array(), 0, b.position());
    }

    @Test
    void theHandlerIsCalledOnTheLoopThreadWhenTheChannelIsReady() {
        Pipe p = pipe();
        String got = sync(loop, () -> {
            Promise<String> result = new Promise<>(loop);
            ChannelRegistration reg = register(p, SelectionKey.OP_READ, ops -> {
                assertThat(ops).isEqualTo(SelectionKey.OP_READ);
                assertThat(loop.inLoopThread()).isTrue();
                result.complete(read(p));
            });
            assertThat(reg.channel()).isSameAs(p.source());
            assertThat(reg.interestOps()).isEqualTo(SelectionKey.OP_READ);
            assertThat(p.source().isBlocking()).isFalse();
            write(p, "hello");
            return result;
        });
        assertThat(got).isEqualTo("hello");
        assertThat(loop.stats().ioEvents()).isEqualTo(1);
    }

    @Test
    void interestCanBePausedAndResumed() {
        Pipe p = pipe();
        List<String> events = new ArrayList<>();
        sync(loop, () -> {
            ChannelRegistration reg = register(p, 0, ops -> events.add(read(p)));
            write(p, "x");
            return TestLoops.turns(loop, 3).map(v -> {
                assertThat(events).as("no interest, no call").isEmpty();
                reg.addInterest(SelectionKey.OP_READ);
                assertThat(reg.interestOps()).isEqualTo(SelectionKey.OP_READ);
                return v;
            }).flatMap(v -> TestLoops.turns(loop, 3)).map(v -> {
                assertThat(events).containsExactly("x");
                reg.removeInterest(SelectionKey.OP_READ);
                assertThat(reg.interestOps()).isZero();
                write(p, "y");
                return v;
            }).flatMap(v -> TestLoops.turns(loop, 3));
        });
        assertThat(events).containsExactly("x");
    }

    @Test
    void removingAChannelInAnotherChannelsHandlerSuppressesItsPendingEvent() {
        Pipe a = pipe();
        Pipe b = pipe();
        List<String> called = new ArrayList<>();
        ChannelRegistration[] regs = new ChannelRegistration[2];
        sync(loop, () -> {
            regs[0] = register(a, SelectionKey.OP_READ, ops -> {
                called.add("a");
                regs[1].remove();           // whichever runs first removes the other
                read(a);
            });
            regs[1] = register(b, SelectionKey.OP_READ, ops -> {
                called.add("b");
                regs[0].remove();
                read(b);
            });
            write(a, "1");
            write(b, "2");                  // both ready in the same select
            return TestLoops.turns(loop, 3);
        });
        assertThat(called).hasSize(1);
        assertThat(regs[0].isRemoved() ^ regs[1].isRemoved()).isTrue();
        assertThat(a.source().isOpen()).as("remove leaves the channel open").isTrue();
        assertThat(b.source().isOpen()).isTrue();
    }

    @Test
    void aThrowingHandlersChannelIsClosedAndTheLoopCarriesOn() {
        Pipe bad = pipe();
        Pipe good = pipe();
        try (LogRecorder log = LogRecorder.of(loop)) {
            String got = sync(loop, () -> {
                Promise<String> result = new Promise<>(loop);
                register(bad, SelectionKey.OP_READ, ops -> {
                    throw new IllegalStateException("handler boom");
                });
                write(bad, "!");
                return TestLoops.turns(loop, 2).flatMap(v -> {
                    register(good, SelectionKey.OP_READ, ops -> result.complete(read(good)));
                    write(good, "fine");
                    return result;
                });
            });
            assertThat(got).isEqualTo("fine");
            assertThat(bad.source().isOpen()).isFalse();
            assertThat(log.warnings()).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).hasMessage("handler boom"));
        }
    }

    /**
     * Closing a listening socket because its handler threw once would refuse every later
     * connection: the loop pauses it for a moment instead and then watches it again.
     */
    @Test
    void aThrowingHandlerOnAListeningSocketIsPausedNotClosedAndAcceptsAgain() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open();
             SocketChannel client = SocketChannel.open();
             LogRecorder log = LogRecorder.of(loop)) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client.connect(listener.getLocalAddress());      // completes in the kernel's backlog
            int[] calls = {0};
            SocketChannel accepted = sync(loop, () -> {
                Promise<SocketChannel> result = new Promise<>(loop);
                try {
                    loop.register(listener, SelectionKey.OP_ACCEPT, ops -> {
                        if (calls[0]++ == 0) {
                            throw new IllegalStateException("listener handler bug (expected by the test)");
                        }
                        SocketChannel ch = listener.accept();
                        if (ch != null) {
                            result.complete(ch);
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return result;
            });
            accepted.close();
            assertThat(listener.isOpen()).isTrue();
            assertThat(calls[0]).isEqualTo(2);
            assertThat(log.warnings()).singleElement().satisfies(r -> {
                assertThat(r.getMessage()).contains("listening socket").contains("pausing it for 100 ms");
                assertThat(r.getThrown()).hasMessageContaining("listener handler bug");
            });
        }
    }

    @Test
    void closeRemovesAndClosesAndLaterCallsAreHarmless() {
        Pipe p = pipe();
        sync(loop, () -> {
            ChannelRegistration reg = register(p, SelectionKey.OP_READ, ops -> { });
            reg.close();
            assertThat(reg.isRemoved()).isTrue();
            assertThat(p.source().isOpen()).isFalse();
            reg.interestOps(SelectionKey.OP_READ);     // ignored once removed
            reg.remove();
            return TestLoops.turns(loop, 1);
        });
    }

    @Test
    void closingTheLoopClosesItsChannels() {
        Pipe p = pipe();
        sync(loop, () -> {
            register(p, SelectionKey.OP_READ, ops -> { });
            return Future.succeeded(loop, null);
        });
        loop.close();
        assertThat(p.source().isOpen()).isFalse();
    }

    @Test
    void registeringOffTheLoopThreadIsRefused() {
        Pipe p = pipe();
        assertThatThrownBy(() -> loop.register(p.source(), SelectionKey.OP_READ, ops -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IOLoop.register must be called on the loop thread");
    }

    private ChannelRegistration register(Pipe p, int ops, IOHandler handler) {
        try {
            return loop.register(p.source(), ops, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
