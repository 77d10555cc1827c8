package dev.eddy.examples;

import dev.eddy.http.HttpServer;
import dev.eddy.net.LoopGroup;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tiny helpers the example servers share: {@code --name value} options, waiting for Ctrl-C. */
final class Args {

    private Args() {
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static int intOption(String[] args, String name, int fallback) {
        String v = option(args, name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, not '" + v + "'");
        }
    }

    /**
     * Blocks the main thread until the JVM is asked to stop (Ctrl-C, SIGTERM), then shuts the
     * server down gracefully (5 s) and closes the loops.
     */
    static void awaitShutdown(HttpServer server, LoopGroup group) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.shutdown(Duration.ofSeconds(5)).get(6, TimeUnit.SECONDS);
            } catch (Exception e) {
                // exiting anyway
            }
            group.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
