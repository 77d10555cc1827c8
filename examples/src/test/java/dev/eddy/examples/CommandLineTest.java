package dev.eddy.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The examples' command-line parser: values, defaults, --help, and every mistake as one line with status 2. */
class CommandLineTest {

    private static final CommandLine CLI = new CommandLine("demo", "a program for this test")
            .text("--name", "NAME", "world", "who to greet")
            .text("--optional", "TEXT", null, "no default")
            .port(8080)
            .integer("--count", 3, 1, 10, "how many")
            .flag("--loud", "shout")
            .repeatable("-H", "'NAME: VALUE'", "a header", v -> {
                if (!v.contains(":")) {
                    throw new IllegalArgumentException("needs 'Name: value'");
                }
                return v;
            })
            .arguments("WORD...", 0, 2, "up to two words")
            .note("a note at the end");

    @Test
    void defaultsWhenNothingIsGiven() {
        CommandLine.Values v = CLI.parse();
        assertThat(v.text("--name")).isEqualTo("world");
        assertThat(v.text("--optional")).isNull();
        assertThat(v.integer("--port")).isEqualTo(8080);
        assertThat(v.integer("--count")).isEqualTo(3);
        assertThat(v.flag("--loud")).isFalse();
        assertThat(v.<String>all("-H")).isEmpty();
        assertThat(v.arguments()).isEmpty();
    }

    @Test
    void valuesFlagsRepeatsAndArgumentsInAnyOrder() {
        CommandLine.Values v = CLI.parse("one", "--name", "Ada", "--port=0", "-H", "A: 1", "--loud", "-H", "B: 2",
                "--count", "10", "--", "--two");
        assertThat(v.text("--name")).isEqualTo("Ada");
        assertThat(v.integer("--port")).isZero();
        assertThat(v.integer("--count")).isEqualTo(10);
        assertThat(v.flag("--loud")).isTrue();
        assertThat(v.<String>all("-H")).containsExactly("A: 1", "B: 2");
        assertThat(v.arguments()).containsExactly("one", "--two");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--port abc       | --port must be a whole number from 0 to 65535, not 'abc'",
            "--port 99999     | --port must be a whole number from 0 to 65535, not '99999'",
            "--port -1        | --port must be a whole number from 0 to 65535, not '-1'",
            "--port 1e3       | --port must be a whole number from 0 to 65535, not '1e3'",
            "--count 0        | --count must be a whole number from 1 to 10, not '0'",
            "--count 99999999999999999999 | --count must be a whole number from 1 to 10, not '99999999999999999999'",
            "--port           | --port needs a value (N)",
            "--bogus          | unknown option '--bogus'",
            "-x               | unknown option '-x'",
            "--loud=yes       | --loud takes no value",
            "-H nocolon       | -H needs 'Name: value', not 'nocolon'",
            "a b c            | unexpected argument 'c'",
    })
    void everyMistakeIsOneLineWithStatusTwo(String args, String message) {
        assertThatThrownBy(() -> CLI.parse(args.split(" ")))
                .isInstanceOfSatisfying(ProgramExit.class, e -> {
                    assertThat(e.status()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo("demo: error: " + message + " (see 'demo --help')");
                    assertThat(e.getStackTrace()).isEmpty();
                });
    }

    @Test
    void aMissingRequiredArgumentIsNamed() {
        CommandLine one = new CommandLine("one", "needs a URL").arguments("URL", 1, 1, "the URL");
        assertThatThrownBy(one::parse).isInstanceOfSatisfying(ProgramExit.class, e -> {
            assertThat(e.status()).isEqualTo(2);
            assertThat(e.getMessage()).isEqualTo("one: error: missing URL (see 'one --help')");
        });
    }

    @Test
    void helpIsStatusZeroAndListsEveryOptionWithItsDefault() {
        for (String help : List.of("--help", "-h")) {
            assertThatThrownBy(() -> CLI.parse("--port", "1", help)).isInstanceOfSatisfying(ProgramExit.class, e -> {
                assertThat(e.status()).isZero();
                assertThat(e.getMessage()).isEqualTo(CLI.usage());
            });
        }
        assertThat(CLI.usage())
                .startsWith("usage: demo [options] [WORD...]\n\na program for this test\n")
                .contains("--name NAME", "who to greet; default world")
                .contains("--port N", "(0..65535); default 8080")
                .contains("--count N", "how many (1..10); default 3")
                .contains("--loud", "shout")
                .contains("-H 'NAME: VALUE'", "a header; may be repeated")
                .contains("WORD...", "up to two words")
                .contains("-h, --help", "print this help and exit")
                .endsWith("a note at the end");
    }

    @Test
    void anOptionDeclaredTwiceIsAProgrammingError() {
        assertThatThrownBy(() -> new CommandLine("x", "y").port(1).port(2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CLI.parse().text("--nmae")).isInstanceOf(IllegalStateException.class);
    }
}
