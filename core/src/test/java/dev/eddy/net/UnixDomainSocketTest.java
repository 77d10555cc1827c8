package dev.eddy.net;

import dev.eddy.IOLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.eddy.net.StreamPair.WAIT;
import static dev.eddy.net.StreamPair.bytes;
import static dev.eddy.net.StreamPair.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TcpServer, TcpClient and IOStream over Unix-domain sockets: same streams, a path instead of a port. */
class UnixDomainSocketTest {

    @TempDir
    Path dir;
    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    private String echoOnce(UnixDomainSocketAddress path, String line) {
        return str(loop.runSync(() -> TcpClient.connect(loop, path, WAIT, StreamOptions.defaults())
                .flatMap(c -> c.write(bytes(line)).flatMap(v -> c.readUntil(bytes("\n"), 100)).map(b -> {
                    c.close();
                    return b;
                })), WAIT));
    }

    @Test
    void streamsEchoOverASocketFileThatGoesAwayWithTheServer() throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
        TcpServer server = TcpServer.listenStreams(loop, path, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        assertThat(server.boundAddress()).isEqualTo(path);
        assertThat(server.localAddress()).isNull();
        assertThat(server.port()).isEqualTo(-1);
        assertThat(Files.exists(path.getPath())).isTrue();

        assertThat(echoOnce(path, "over a path\n")).isEqualTo("over a path\n");

        loop.runSync(() -> server.close(WAIT), WAIT);
        assertThat(Files.exists(path.getPath())).isFalse();
    }

    @Test
    void aLoopGroupSpreadsUnixConnectionsOverItsLoops() throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("group.sock"));
        try (LoopGroup group = new LoopGroup(2)) {
            TcpServer.listenStreams(group, path, TcpServerOptions.defaults(), StreamOptions.defaults(),
                    TcpServerClientTest::echoLines);
            for (int i = 0; i < 4; i++) {
                assertThat(echoOnce(path, "n" + i + "\n")).isEqualTo("n" + i + "\n");
            }
        }
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("stale.sock"));
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(path);        // closed without removing its file: what a killed process leaves
        }
        assertThat(Files.exists(path.getPath())).isTrue();
        TcpServer.listenStreams(loop, path, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        assertThat(echoOnce(path, "fresh\n")).isEqualTo("fresh\n");
    }

    @Test
    void aLiveServersSocketIsInUse() throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("live.sock"));
        TcpServer.listenStreams(loop, path, StreamOptions.defaults(), TcpServerClientTest::echoLines);
        assertThatThrownBy(() -> TcpServer.listenStreams(loop, path, StreamOptions.defaults(),
                TcpServerClientTest::echoLines))
                .isInstanceOf(BindException.class).hasMessage(path.getPath() + " is already in use");
        assertThat(echoOnce(path, "still mine\n")).isEqualTo("still mine\n");
    }

    @Test
    void aFileThatIsNotASocketIsLeftAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> TcpServer.listenStreams(loop, UnixDomainSocketAddress.of(file),
                StreamOptions.defaults(), TcpServerClientTest::echoLines))
                .isInstanceOf(BindException.class).hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void nobodyThereIsRefused() throws Exception {
        UnixDomainSocketAddress missing = UnixDomainSocketAddress.of(dir.resolve("missing.sock"));
        assertThatThrownBy(() -> loop.runSync(() -> TcpClient.connect(loop, missing, WAIT, StreamOptions.defaults()), WAIT))
                .isInstanceOf(ConnectionRefusedException.class).hasMessageContaining("missing.sock");

        UnixDomainSocketAddress stale = UnixDomainSocketAddress.of(dir.resolve("stale.sock"));
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(stale);
        }
        assertThatThrownBy(() -> loop.runSync(() -> TcpClient.connect(loop, stale, WAIT, StreamOptions.defaults()), WAIT))
                .isInstanceOf(ConnectionRefusedException.class).hasMessageContaining("stale.sock");
    }
}
