package dev.eddy.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless Chromium for a test: started with its DevTools endpoint on a loopback port, in a
 * fresh profile directory, with everything that would reach the network on its own switched
 * off; {@link #close()} kills it (and the processes it started) by process id and deletes the
 * profile. Test code only; one browser per test class.
 */
final class Chromium implements AutoCloseable {

    /** The browser's flags: headless, no sandbox (CI runs as root), nothing phoning home. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0");

    private static final String LISTENING = "DevTools listening on ";

    private final Process process;
    private final Path profile;
    private final URI devtools;

    private Chromium(Process process, Path profile, URI devtools) {
        this.process = process;
        this.profile = profile;
        this.devtools = devtools;
    }

    /** The browser's executable: {@code -Deddy.chromium=PATH}, else chromium or chromium-browser on the PATH. */
    static Optional<Path> find() {
        String given = System.getProperty("eddy.chromium");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the browser and waits (up to {@code timeout}) for the line on stderr that names
     * its DevTools endpoint; what it said is kept for the failure message.
     */
    static Chromium start(Path executable, Duration timeout) throws IOException {
        Path profile = Files.createTempDirectory("eddy-chromium-");
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStderr(process, lines, endpoint), "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Chromium(process, profile, endpoint.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            kill(process);
            deleteTree(profile);
            String said;
            synchronized (lines) {
                said = String.join("\n", lines);
            }
            throw new IOException("Chromium did not open its DevTools endpoint in " + timeout + "; it said:\n" + said, e);
        }
    }

    private static void readStderr(Process process, List<String> lines, CompletableFuture<URI> endpoint) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                synchronized (lines) {
                    if (lines.size() < 200) {
                        lines.add(line);
                    }
                }
                int at = line.indexOf(LISTENING);
                if (at >= 0) {
                    endpoint.complete(URI.create(line.substring(at + LISTENING.length()).strip()));
                }
            }
        } catch (IOException e) {
            // the browser is gone
        }
        endpoint.completeExceptionally(new IOException("Chromium exited with stderr closed"));
    }

    /** The browser-wide DevTools WebSocket, {@code ws://127.0.0.1:PORT/devtools/browser/ID}. */
    URI devtools() {
        return devtools;
    }

    /** The browser's pid, for a report. */
    long pid() {
        return process.pid();
    }

    /** Kills the browser and every process it started, by process id, then deletes its profile. */
    @Override
    public void close() {
        kill(process);
        deleteTree(profile);
    }

    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is not a test failure
        }
    }
}
