package dev.eddy.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one launcher behind {@code java -jar examples/target/eddy-examples.jar NAME [options]}.
 * With no name it lists the programs. Each program is a class with a
 * {@code main(String[])}-like entry registered below, one line each.
 */
public final class Main {

    /** A runnable example: a name, one line of help, and its entry point. */
    record Program(String summary, Entry entry) {
    }

    @FunctionalInterface
    interface Entry {
        void run(String[] args) throws Exception;
    }

    static final Map<String, Program> PROGRAMS = new LinkedHashMap<>();
    static {
        PROGRAMS.put("hello", new Program("HTTP demo: GET /plaintext and /json (--port N [--loops K])", Hello::main));
        PROGRAMS.put("coroutines", new Program("chapter 2's task with callbacks, futures, a coroutine; generators, cancellation", CoroutinesDemo::main));
        PROGRAMS.put("loop-tour", new Program("a tour of the loop: callbacks, timers, futures (prints what happens)", LoopTour::main));
        PROGRAMS.put("taste", new Program("the README example: a coroutine handler awaiting a backend through the client", Taste::main));
        PROGRAMS.put("echo", new Program("HTTP echo: any request answered with a JSON description of it (--port N)", Echo::main));
        PROGRAMS.put("tcp-echo", new Program("a TCP echo server on one loop per core (--port 8007 --loops N --reuseport)", TcpEcho::main));
        PROGRAMS.put("pipeline", new Program("producer/consumer: a bounded queue paces a fast producer (--jobs --workers --maxsize)", Pipeline::main));
        PROGRAMS.put("memo", new Program("futures as a cache: 1000 callers, one slow backend call (--callers N)", MemoizedLookup::main));
        PROGRAMS.put("commands", new Program("runs shell commands concurrently and gathers output (--parallel N [cmd...])", ConcurrentCommands::main));
        PROGRAMS.put("tcp-client", new Program("talks to tcp-echo: sends lines, prints the echoes (--host --port msg...)", TcpClientDemo::main));
        PROGRAMS.put("fetch", new Program("a tiny curl: prints status, headers and body of a URL (-X -H -d --timeout-ms URL)", Fetch::main));
        PROGRAMS.put("fanout", new Program("one coroutine fetches N URLs at once, each with a timeout (--timeout-ms 300 [URL...])", Fanout::main));
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !PROGRAMS.containsKey(args[0])) {
            if (args.length > 0) {
                System.err.println("unknown program: " + args[0]);
            }
            System.out.println("usage: java -jar eddy-examples.jar NAME [options]\n\nprograms:");
            PROGRAMS.forEach((name, p) -> System.out.printf("  %-14s %s%n", name, p.summary()));
            if (args.length > 0) {
                System.exit(2);
            }
            return;
        }
        PROGRAMS.get(args[0]).entry().run(Arrays.copyOfRange(args, 1, args.length));
    }
}
