package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;
import static dev.eddy.net.TcpServerClientTest.ANY_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server on a LoopGroup spreads connections over the loops; a client loop drives it. */
class LoopGroupTest {

    private final LoopGroup group = new LoopGroup(2);
    private final IOLoop client = new IOLoop();

    @AfterEach
    void close() {
        client.close();
        group.close();
    }

    /** Connects n clients; each gets back the name of the loop that served it. */
    private List<String> servedBy(TcpServer server, int n) {
        return client.runSync(() -> {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(TcpClient.connect(client, "127.0.0.1", server.port(), WAIT)
                        .flatMap(c -> c.write(bytes("?\n")).flatMap(v -> c.readUntil(bytes("\n"), 100))
                                .map(b -> {
                                    c.close();
                                    return str(b).trim();
                                })));
            }
            return Futures.all(client, all);
        }, WAIT);
    }

    private static Future<Void> answerWithLoopName(IOStream s) {
        assertThat(s.loop().inLoopThread()).isTrue();
        return s.readUntil(bytes("\n"), 100).flatMap(b -> s.write(bytes(s.loop().name() + "\n")))
                .map(v -> {
                    s.close();
                    return null;
                });
    }

    @Test
    void roundRobinHandsConnectionsToEveryLoopInTurn() throws Exception {
        TcpServer server = TcpServer.listenStreams(group, ANY_PORT, TcpServerOptions.defaults(),
                StreamOptions.defaults(), LoopGroupTest::answerWithLoopName);
        assertThat(server.reusesPort()).isFalse();
        List<String> loops = servedBy(server, 10);
        assertThat(loops).containsOnly("eddy-loop-0", "eddy-loop-1");
        assertThat(loops.stream().filter("eddy-loop-0"::equals).count()).isEqualTo(5);   // strictly in turn
        client.runSync(() -> server.close(Duration.ofSeconds(5)).map(v -> null), WAIT);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rawHandlersRunOnTheLoopThatOwnsTheConnection(boolean reusePort) throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        TcpServer server = TcpServer.listen(group, ANY_PORT, TcpServerOptions.defaults().withReusePort(reusePort),
                (loop, ch) -> {
                    assertThat(loop.inLoopThread()).isTrue();
                    threads.add(Thread.currentThread().getName());
                    return answerWithLoopName(new IOStream(loop, ch));
                });
        List<String> loops = servedBy(server, 20);
        assertThat(loops).hasSize(20).allSatisfy(name -> assertThat(name).startsWith("eddy-loop-"));
        assertThat(threads).isSubsetOf("eddy-loop-0", "eddy-loop-1");
        if (reusePort) {
            // Linux has SO_REUSEPORT; elsewhere the server falls back to hand-off and says so
            assertThat(server.reusesPort()).isEqualTo(System.getProperty("os.name").startsWith("Linux"));
        }
        server.stopAccepting();
    }

    @Test
    void groupBasics() {
        assertThat(group.size()).isEqualTo(2);
        assertThat(group.next()).isNotSameAs(group.next());
        assertThat(group.loop(0).isRunning()).isTrue();
        assertThatThrownBy(() -> new LoopGroup(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
