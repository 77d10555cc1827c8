package dev.eddy.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Node's {@code ws} package, the second WebSocket implementation the interop tests talk to:
 * installed with npm into {@code target/node-ws} (git-ignored, kept between runs), and its
 * scripts ({@code interop/*.cjs} among the test resources) copied beside it so they find it.
 * A running script's stdout arrives line by line with a deadline; {@link Script#close()}
 * kills it by process id. Test code only.
 */
final class NodeWs {

    static final String VERSION = "8";

    private static final Path DIR = Path.of("target", "node-ws");

    private NodeWs() {
    }

    /** The node executable on the PATH, if any. */
    static Optional<Path> node() {
        return onPath("node");
    }

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Installs {@code ws} (once) and the scripts (each time, so an edited one is used). */
    static void install() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        if (!Files.isDirectory(DIR.resolve("node_modules/ws"))) {
            Path npm = onPath("npm").orElseThrow(() -> new IOException("node is installed but npm is not"));
            Process p = new ProcessBuilder(npm.toString(), "install", "--no-audit", "--no-fund", "--no-package-lock",
                    "--prefix", DIR.toString(), "ws@" + VERSION)
                    .redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("npm install ws@" + VERSION + " failed:\n" + said);
            }
        }
        for (String script : List.of("ws-client.cjs", "ws-server.cjs")) {
            try (InputStream in = NodeWs.class.getResourceAsStream("interop/" + script)) {
                Files.write(DIR.resolve(script), in.readAllBytes());
            }
        }
    }

    /** Starts {@code node SCRIPT ARGS...} in the install directory. */
    static Script start(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(node().orElseThrow().toString(), script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new Script(p);
    }

    /** A running Node script. */
    static final class Script implements AutoCloseable {

        private static final String END = "\u0000end";

        private final Process process;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        private Script(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "node-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the script is gone
            }
            lines.add(END);
        }

        /** The next line the script prints, waiting up to {@code timeout}; fails at its end or the deadline. */
        String nextLine(Duration timeout) throws InterruptedException {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(END)) {
                throw new AssertionError("node printed no further line " + (line == null ? "in " + timeout : "before it ended")
                        + "; it printed: " + seen);
            }
            seen.add(line);
            return line;
        }

        /** The lines the script prints up to and with the first that starts with {@code prefix}. */
        List<String> linesThrough(String prefix, Duration timeout) throws InterruptedException {
            List<String> out = new ArrayList<>();
            String line;
            do {
                line = nextLine(timeout);
                out.add(line);
            } while (!line.startsWith(prefix));
            return out;
        }

        /** Waits for the script to end and returns its exit status. */
        int exitStatus(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node did not exit; it printed: " + seen);
            }
            return process.exitValue();
        }

        /** Ends the script: closes its stdin (the server's signal), then kills it by process id. */
        @Override
        public void close() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
