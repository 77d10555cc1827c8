package dev.eddy.net;

import dev.eddy.IOLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;
import static dev.eddy.net.TcpServerClientTest.ANY_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SO_REUSEPORT on a single loop: two servers (two processes, in real life) listen on one port,
 * the kernel spreads connections over both, and when one stops accepting the other takes
 * every new connection. Without the option the second server cannot bind.
 */
class ReusePortTest {

    private static final TcpServerOptions REUSE = TcpServerOptions.defaults().withReusePort(true);
    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    /** A server that answers each connection with its name and closes it. */
    private TcpServer named(InetSocketAddress address, TcpServerOptions options, String name) throws Exception {
        return TcpServer.listen(loop, address, options, (l, ch) -> {
            IOStream s = new IOStream(l, ch);
            s.write(bytes(name + "\n")).addDoneCallback(w -> s.close());
            return s.closeFuture();
        });
    }

    private List<String> whoAnswers(int port, int connections) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            names.add(str(loop.runSync(() -> TcpClient.connect(loop, "127.0.0.1", port, WAIT)
                    .flatMap(c -> c.readUntil(bytes("\n"), 100).map(b -> {
                        c.close();
                        return b;
                    })), WAIT)).trim());
        }
        return names;
    }

    @Test
    void twoServersShareAPortAndEitherMayLeave() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "SO_REUSEPORT spreading is Linux behaviour");
        TcpServer old = named(ANY_PORT, REUSE, "old");
        TcpServer fresh = named(old.localAddress(), REUSE, "new");
        assertThat(old.reusesPort()).isTrue();
        assertThat(fresh.port()).isEqualTo(old.port());

        assertThat(whoAnswers(old.port(), 40)).contains("old", "new");     // all 40 to one: odds 2^-39

        loop.runSync(() -> old.close(WAIT), WAIT);
        assertThat(whoAnswers(fresh.port(), 20)).containsOnly("new");
    }

    @Test
    void withoutTheOptionThePortIsInUse() throws Exception {
        TcpServer first = named(ANY_PORT, TcpServerOptions.defaults(), "first");
        assertThatThrownBy(() -> named(first.localAddress(), REUSE, "second"))
                .isInstanceOf(BindException.class).hasMessageEndingWith("is already in use");
    }
}
