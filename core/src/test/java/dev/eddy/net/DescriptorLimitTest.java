package dev.eddy.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A server at its file-descriptor limit must go on serving once descriptors are free again.
 *
 * <p>The server ({@link EchoServerMain}) runs in a child JVM started by
 * {@code bash -c "ulimit -n 64 && exec java ..."}, so the limit applies to it alone. The test
 * opens 80 connections, then sends a line on each: the server accepts until {@code accept}
 * fails with "Too many open files" (the rest wait in the kernel's backlog), and writes its
 * first bytes ever at the limit. The test closes them all, the server's
 * descriptors come back, and fresh connections must be echoed again. Along the way the
 * failure must be logged a bounded number of times, even though the first log record of a
 * JVM at its descriptor limit may itself fail.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DescriptorLimitTest {

    private static final int CONNECTIONS = 80;
    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;

    @Test
    void atTheDescriptorLimitAcceptingPausesAndFreshConnectionsAreServedAgain(@TempDir Path tmp) throws Exception {
        assumeThat(Files.isExecutable(Path.of("/bin/bash"))).as("needs bash for ulimit").isTrue();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c",
                "ulimit -n 64 && exec \"$JAVA\" -cp \"$CP\" dev.eddy.net.EchoServerMain 60");
        pb.environment().put("JAVA", java);
        pb.environment().put("CP", jarOfClassDirectories(tmp).toString());
        Process child = pb.start();
        try {
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Output stdout = Output.drain(child.getInputStream(), line -> {
                Matcher m = Pattern.compile("PORT (\\d+)").matcher(line);
                if (m.matches()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            });
            Output stderr = Output.drain(child.getErrorStream(), line -> { });
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    port.get(30, TimeUnit.SECONDS));

            // 1. more connections than the server has descriptors for
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket s = new Socket();
                    clients.add(s);
                    s.connect(server, SOCKET_TIMEOUT_MILLIS);     // the kernel completes it (backlog)
                }
                // only now the first bytes: the server's first write comes at the limit
                for (Socket s : clients) {
                    s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                }
                assertThat(stderr.awaitText("Too many open files", 20, TimeUnit.SECONDS))
                        .as("accept hit the descriptor limit; child stderr:%n%s", stderr.text()).isTrue();
            } finally {
                // 2. back under the limit: the server sees EOF and closes its side
                for (Socket s : clients) {
                    s.close();
                }
            }

            // 3. fresh connections are served again
            for (int i = 0; i < 5; i++) {
                assertThat(echo(server, "fresh " + i))
                        .as("fresh request %d; child alive: %s; child stderr:%n%s", i, child.isAlive(), stderr.text())
                        .isEqualTo("fresh " + i);
            }
            assertThat(child.isAlive()).isTrue();

            // 4. logged at a bounded rate: one record (or its fallback line), not one per retry
            int mentions = stderr.text().split("Too many open files", -1).length - 1;
            assertThat(mentions).as("child stderr:%n%s", stderr.text()).isBetween(1, 3);
            assertThat(stdout.text()).startsWith("PORT ");
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The test's class directories packed into one jar, for the child's class path. A real
     * server runs from jars, which stay open once read; from a directory, each class the
     * JVM meets for the first time is one more file to open, and at the descriptor limit
     * that fails for good for that class, which is not what this test is about.
     */
    private static Path jarOfClassDirectories(Path dir) throws IOException {
        Path jar = dir.resolve("classes.jar");
        Set<String> names = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path root = Path.of(entry);
                if (!Files.isDirectory(root)) {
                    continue;           // library jars: the server needs none
                }
                List<Path> files;
                try (Stream<Path> walk = Files.walk(root)) {
                    files = walk.filter(Files::isRegularFile).toList();
                }
                for (Path f : files) {
                    String name = root.relativize(f).toString().replace(File.separatorChar, '/');
                    if (names.add(name)) {
                        out.putNextEntry(new JarEntry(name));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }

    /**
     * Sends one line on a new connection and reads the echo, within the socket timeout; an
     * IO failure comes back as text, so the assertion can show it next to the child's stderr.
     */
    private static String echo(InetSocketAddress server, String text) {
        try (Socket s = new Socket()) {
            s.connect(server, SOCKET_TIMEOUT_MILLIS);
            s.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    /** A child's output stream read by a thread of its own into a buffer the test can wait on. */
    private static final class Output {
        private final StringBuilder text = new StringBuilder();

        static Output drain(InputStream in, java.util.function.Consumer<String> onLine) {
            Output o = new Output();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        onLine.accept(line);
                        synchronized (o) {
                            o.text.append(line).append('\n');
                            o.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the child is gone: what was read is all there is
                }
            }, "child-output");
            t.setDaemon(true);
            t.start();
            return o;
        }

        synchronized String text() {
            return text.toString();
        }

        /** Waits until {@code what} has appeared in the output; false at the deadline. */
        synchronized boolean awaitText(String what, long timeout, TimeUnit unit) throws InterruptedException {
            long end = System.nanoTime() + unit.toNanos(timeout);
            while (text.indexOf(what) < 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(left / 1_000_000 + 1);
            }
            return true;
        }
    }
}
