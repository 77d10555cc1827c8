package dev.eddy.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code hello} example in a process of its own, started from this test's class path as
 * a person starts it from the jar ({@code Main hello ARGS}): where it listens (read from its
 * "listening on" line), its output, SIGTERM, and its exit. What a test of processes that come
 * and go (a rolling restart, a proxy in front) is made of. Every wait has a deadline.
 */
final class HelloProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("hello: listening on (\\S+) .*");

    private final Process process;
    private final CompletableFuture<String> where = new CompletableFuture<>();
    private final StringBuffer output = new StringBuffer();

    private HelloProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "hello-" + process.pid() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code hello ARGS} and waits (up to 30 s) until it listens. */
    static HelloProcess start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "hello"));
        command.addAll(List.of(args));
        HelloProcess hello = new HelloProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        try {
            hello.where.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            hello.close();
            throw new AssertionError("hello did not start listening within 30 s; its output:\n" + hello.output(), e);
        }
        return hello;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.matches()) {
                    where.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            output.append("(reading the output failed: ").append(e).append(")\n");
        }
        where.completeExceptionally(new IllegalStateException("hello ended before it listened"));
    }

    /** The port of a TCP listener ({@code 127.0.0.1:PORT}). */
    int port() {
        String w = where.join();
        return Integer.parseInt(w.substring(w.lastIndexOf(':') + 1));
    }

    long pid() {
        return process.pid();
    }

    /** Everything it printed so far, stdout and stderr together. */
    String output() {
        return output.toString();
    }

    /** Sends SIGTERM: what a process manager sends to stop a service. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; true when it did within {@code deadline}. */
    boolean awaitExit(Duration deadline) throws InterruptedException {
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the process whatever its state (SIGKILL), and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
