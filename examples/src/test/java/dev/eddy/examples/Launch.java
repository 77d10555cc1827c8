package dev.eddy.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the launcher as a person would, {@code NAME [options]}, in this JVM, with stdout and
 * stderr captured: what a test of an example's command line looks at. One at a time (it
 * swaps {@code System.out} and {@code System.err}).
 */
record Launch(int status, byte[] stdout, String stderr) {

    static synchronized Launch run(String... args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Launch(status, stdout.toByteArray(), stderr.toString(StandardCharsets.UTF_8));
    }

    String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
