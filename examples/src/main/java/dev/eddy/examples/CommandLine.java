package dev.eddy.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The command line of one example program, declared once: its name, one line saying what it
 * does, its options (name, default, description, and how a value is checked) and its
 * arguments. Parsing and {@code --help} are both read from that declaration, so they cannot
 * disagree, and adding an option is one line:
 *
 * <pre>
 * static final CommandLine CLI = new CommandLine("hello", "an HTTP server: GET /plaintext and /json")
 *         .text("--host", "ADDR", "127.0.0.1", "the address to listen on")
 *         .port(8080)
 *         .integer("--loops", 1, 1, 64, "event loops, one thread each");
 * ...
 * CommandLine.Values options = CLI.parse(args);
 * int port = options.integer("--port");
 * </pre>
 *
 * Every mistake (an unknown option, a missing value, a value out of range, a missing or extra
 * argument) becomes a one-line {@link ProgramExit} with status 2, {@code NAME: error: ...};
 * {@code --help} becomes one with status 0 and the usage text. This class never prints and
 * never exits: the launcher does both.
 */
final class CommandLine {

    /** One declared option; a flag has no value name and no value. */
    private record Option(String name, String valueName, String defaultValue, String description,
                          Function<String, ?> convert, boolean repeatable) {

        boolean isFlag() {
            return valueName == null;
        }
    }

    private final String program;
    private final String summary;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private String argumentsName;
    private String argumentsDescription;
    private int minArguments;
    private int maxArguments;

    CommandLine(String program, String summary) {
        this.program = program;
        this.summary = summary;
    }

    String program() {
        return program;
    }

    String summary() {
        return summary;
    }

    // ---- declaring ----

    /**
     * An option with a value, converted (and so checked) by {@code convert}, which throws
     * {@link IllegalArgumentException} with the reason when the value will not do. A null
     * default means "not given unless the user gives it".
     */
    CommandLine option(String name, String valueName, String defaultValue, String description,
                       Function<String, ?> convert) {
        return add(new Option(name, valueName, defaultValue, description, convert, false));
    }

    /** A text option; any value is accepted. */
    CommandLine text(String name, String valueName, String defaultValue, String description) {
        return option(name, valueName, defaultValue, description, Function.identity());
    }

    /** A whole number from {@code min} to {@code max}. */
    CommandLine integer(String name, int defaultValue, int min, int max, String description) {
        return option(name, "N", Integer.toString(defaultValue), description + " (" + min + ".." + max + ")",
                value -> integerIn(value, min, max));
    }

    /** {@code --port}: 0 to 65535, where 0 lets the system pick a free port. */
    CommandLine port(int defaultValue) {
        return integer("--port", defaultValue, 0, 65_535, "the TCP port; 0 picks a free one");
    }

    /** An option without a value: present or not. */
    CommandLine flag(String name, String description) {
        return add(new Option(name, null, null, description, null, false));
    }

    /** An option that may be given many times; {@link Values#all} lists the values in order. */
    CommandLine repeatable(String name, String valueName, String description, Function<String, ?> convert) {
        return add(new Option(name, valueName, null, description, convert, true));
    }

    /** The words that are not options, from {@code min} to {@code max} of them. */
    CommandLine arguments(String name, int min, int max, String description) {
        this.argumentsName = name;
        this.argumentsDescription = description;
        this.minArguments = min;
        this.maxArguments = max;
        return this;
    }

    /** A paragraph printed at the end of {@code --help}: exit statuses, examples. */
    CommandLine note(String text) {
        notes.add(text);
        return this;
    }

    private CommandLine add(Option option) {
        if (option.name().equals("--help") || options.putIfAbsent(option.name(), option) != null) {
            throw new IllegalStateException(program + ": option " + option.name() + " declared twice");
        }
        return this;
    }

    // ---- parsing ----

    /**
     * Reads {@code args} against the declaration. {@code --name value} and {@code --name=value}
     * both work; {@code --} ends the options (what follows is arguments even if it starts with
     * a dash).
     *
     * @throws ProgramExit status 0 with the usage text for {@code --help}, status 2 with one
     *                     line for any mistake
     */
    Values parse(String... args) {
        Map<String, Object> values = new HashMap<>();
        Map<String, List<Object>> repeated = new HashMap<>();
        List<String> arguments = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            if (optionsEnded || !word.startsWith("-") || word.equals("-")) {
                arguments.add(word);
                continue;
            }
            if (word.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (word.equals("--help") || word.equals("-h")) {
                throw new ProgramExit(0, usage());
            }
            int equals = word.startsWith("--") ? word.indexOf('=') : -1;
            String name = equals < 0 ? word : word.substring(0, equals);
            Option option = options.get(name);
            if (option == null) {
                throw error("unknown option '" + name + "'");
            }
            if (option.isFlag()) {
                if (equals >= 0) {
                    throw error(name + " takes no value");
                }
                values.put(name, Boolean.TRUE);
                continue;
            }
            String value;
            if (equals >= 0) {
                value = word.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw error(name + " needs a value (" + option.valueName() + ")");
            }
            Object converted = convert(option, value);
            if (option.repeatable()) {
                repeated.computeIfAbsent(name, n -> new ArrayList<>()).add(converted);
            } else {
                values.put(name, converted);
            }
        }
        if (arguments.size() < minArguments) {
            throw error("missing " + argumentsName);
        }
        if (arguments.size() > maxArguments) {
            throw error("unexpected argument '" + arguments.get(maxArguments) + "'");
        }
        for (Option option : options.values()) {
            if (!values.containsKey(option.name()) && option.defaultValue() != null) {
                values.put(option.name(), option.convert().apply(option.defaultValue()));
            }
        }
        return new Values(this, values, repeated, List.copyOf(arguments));
    }

    private Object convert(Option option, String value) {
        try {
            return option.convert().apply(value);
        } catch (IllegalArgumentException e) {
            throw error(option.name() + " " + e.getMessage() + ", not '" + value + "'");
        }
    }

    private static int integerIn(String value, int min, int max) {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;         // not a number at all: the same message as out of range
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
        }
        return (int) n;
    }

    /** A usage mistake: one line naming the program, status 2. */
    ProgramExit error(String message) {
        return new ProgramExit(2, program + ": error: " + message + " (see '" + program + " --help')");
    }

    /** A failure the program itself reports (refused, timed out...): one line, {@code status}. */
    ProgramExit failure(int status, String message) {
        return new ProgramExit(status, program + ": error: " + message);
    }

    /** The {@code --help} text, built from the declaration. */
    String usage() {
        StringBuilder sb = new StringBuilder("usage: ").append(program);
        if (!options.isEmpty()) {
            sb.append(" [options]");
        }
        if (argumentsName != null) {
            sb.append(' ').append(minArguments == 0 ? "[" + argumentsName + "]" : argumentsName);
        }
        sb.append("\n\n").append(summary).append("\n\n");
        List<String[]> rows = new ArrayList<>();
        if (argumentsName != null) {
            rows.add(new String[]{argumentsName, argumentsDescription});
        }
        for (Option o : options.values()) {
            String left = o.isFlag() ? o.name() : o.name() + " " + o.valueName();
            String right = o.description()
                    + (o.defaultValue() != null ? "; default " + o.defaultValue() : "")
                    + (o.repeatable() ? "; may be repeated" : "");
            rows.add(new String[]{left, right});
        }
        rows.add(new String[]{"-h, --help", "print this help and exit"});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] row : rows) {
            sb.append(String.format("  %-" + width + "s  %s%n", row[0], row[1]));
        }
        for (String note : notes) {
            sb.append('\n').append(note).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** What one parse found: every declared option with its value or default, and the arguments. */
    static final class Values {

        private final CommandLine declaration;
        private final Map<String, Object> values;
        private final Map<String, List<Object>> repeated;
        private final List<String> arguments;

        private Values(CommandLine declaration, Map<String, Object> values, Map<String, List<Object>> repeated,
                       List<String> arguments) {
            this.declaration = declaration;
            this.values = values;
            this.repeated = repeated;
            this.arguments = arguments;
        }

        /** The value of an option, or null when it has no default and was not given. */
        String text(String name) {
            return (String) value(name);
        }

        int integer(String name) {
            return (Integer) value(name);
        }

        boolean flag(String name) {
            return value(name) != null;
        }

        /** The converted value, whatever its type. */
        @SuppressWarnings("unchecked")
        <T> T get(String name) {
            return (T) value(name);
        }

        /** Every value of a repeatable option, in the order given. */
        @SuppressWarnings("unchecked")
        <T> List<T> all(String name) {
            declared(name);
            return (List<T>) repeated.getOrDefault(name, List.of());
        }

        List<String> arguments() {
            return arguments;
        }

        private Object value(String name) {
            declared(name);
            return values.get(name);
        }

        private void declared(String name) {
            if (!declaration.options.containsKey(name)) {
                throw new IllegalStateException(declaration.program + " has no option " + name);    // a typo in the program
            }
        }
    }
}
