package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.gen.Coroutine;
import dev.eddy.process.ProcessOptions;
import dev.eddy.process.ProcessResult;
import dev.eddy.process.Subprocess;
import dev.eddy.sync.Permit;
import dev.eddy.sync.Semaphore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.eddy.gen.Coroutine.await;

/**
 * Runs several shell commands at once from one thread and gathers their output, at most
 * {@code --parallel} at a time (a {@link Semaphore}), each with a time limit. The slow ones
 * overlap, so the whole run takes about as long as the slowest batch, not the sum.
 *
 * <pre>java -jar examples/target/eddy-examples.jar commands [--parallel 3] ["shell command" ...]</pre>
 */
final class ConcurrentCommands {

    static final CommandLine CLI = new CommandLine("commands",
            "runs shell commands concurrently, each with a 1 s limit, and gathers their output")
            .integer("--parallel", 3, 1, 1000, "commands running at the same time")
            .arguments("COMMAND...", 0, Integer.MAX_VALUE, "shell commands (sh -c); without any, a demo set");

    private ConcurrentCommands() {
    }

    static void main(String[] args) {
        CommandLine.Values options = CLI.parse(args);
        int parallel = options.integer("--parallel");
        List<String> commands = options.arguments();
        if (commands.isEmpty()) {
            commands = List.of("sleep 0.3; echo slept 0.3 s", "uname -sr", "sleep 0.2; echo slept 0.2 s",
                    "ls / | head -3", "echo to stderr >&2; exit 3", "sleep 5; echo over the 1 s limit");
        }
        long start = System.nanoTime();
        try (IOLoop loop = new IOLoop()) {
            List<String> cmds = commands;
            loop.runSync(() -> {
                Semaphore slots = new Semaphore(loop, parallel);
                List<Future<Void>> runs = new ArrayList<>();
                for (String cmd : cmds) {
                    runs.add(Coroutine.async(loop, () -> {
                        try (Permit slot = await(slots.acquire())) {
                            report(start, cmd, run(loop, cmd));
                        }
                        return null;
                    }));
                }
                return dev.eddy.Futures.all(runs);
            }, Duration.ofMinutes(1));
        }
        System.out.printf("%d commands in %.0f ms, at most %d at a time%n",
                commands.size(), (System.nanoTime() - start) / 1e6, parallel);
    }

    /** One command's result, or a line saying why there is none. */
    private static String run(IOLoop loop, String cmd) {
        Subprocess p = Subprocess.start(loop, ProcessOptions.of("sh", "-c", cmd).withTimeout(Duration.ofSeconds(1)));
        try {
            ProcessResult r = await(p.collect());
            return "exit " + r.exitCode()
                    + (r.stdout().isEmpty() ? "" : "  stdout: " + r.stdout().strip().replace("\n", " | "))
                    + (r.stderr().isEmpty() ? "" : "  stderr: " + r.stderr().strip());
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }

    private static void report(long start, String cmd, String result) {
        System.out.printf("%6.0f ms  %-34s %s%n", (System.nanoTime() - start) / 1e6, cmd, result);
    }
}
