package dev.eddy.examples;

import java.net.BindException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one launcher behind {@code java -jar examples/target/eddy-examples.jar NAME [options]}.
 * With no name it lists the programs; {@code NAME --help} describes one. Each program is a
 * class with a {@link CommandLine} declaration and a {@code main(String[])}-like entry,
 * registered below, one line each.
 *
 * <p>This is the only place that prints a {@link ProgramExit} and calls {@code System.exit}:
 * a usage mistake ends with status 2 and one line on stderr, never a stack trace.
 */
public final class Main {

    /** A runnable example: its command line (name, summary, options) and its entry point. */
    record Program(CommandLine commandLine, Entry entry) {
    }

    @FunctionalInterface
    interface Entry {
        void run(String[] args) throws Exception;
    }

    static final Map<String, Program> PROGRAMS = new LinkedHashMap<>();
    static {
        add(Hello.CLI, Hello::main);
        add(CoroutinesDemo.CLI, CoroutinesDemo::main);
        add(LoopTour.CLI, LoopTour::main);
        add(Taste.CLI, Taste::main);
        add(Echo.CLI, Echo::main);
        add(TcpEcho.CLI, TcpEcho::main);
        add(Pipeline.CLI, Pipeline::main);
        add(MemoizedLookup.CLI, MemoizedLookup::main);
        add(ConcurrentCommands.CLI, ConcurrentCommands::main);
        add(TcpClientDemo.CLI, TcpClientDemo::main);
        add(Fetch.CLI, Fetch::main);
        add(Fanout.CLI, Fanout::main);
        add(WsEcho.CLI, WsEcho::main);
        add(Wscat.CLI, Wscat::main);
        add(Chat.CLI, Chat::main);
    }

    private static void add(CommandLine commandLine, Entry entry) {
        PROGRAMS.put(commandLine.program(), new Program(commandLine, entry));
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the program {@code args[0]} names and returns the process exit status. */
    static int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(list());
            return 0;
        }
        Program program = PROGRAMS.get(args[0]);
        if (program == null) {
            System.err.println("unknown program: " + args[0] + "\n\n" + list());
            return 2;
        }
        try {
            program.entry().run(Arrays.copyOfRange(args, 1, args.length));
            return 0;
        } catch (ProgramExit exit) {
            (exit.status() == 0 ? System.out : System.err).println(exit.getMessage());
            return exit.status();
        } catch (BindException e) {     // port in use, address not ours: nothing a stack trace explains
            System.err.println(args[0] + ": error: " + e.getMessage());
            return 1;
        }
    }

    private static String list() {
        StringBuilder sb = new StringBuilder("usage: java -jar eddy-examples.jar NAME [options]   (NAME --help for more)\n\nprograms:\n");
        PROGRAMS.forEach((name, p) -> sb.append(String.format("  %-12s %s%n", name, p.commandLine().summary())));
        return sb.toString().stripTrailing();
    }
}
