package dev.eddy.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example through the launcher: --help works, and a bad command line ends with one line and status 2. */
class LauncherTest {

    @Test
    void everyProgramHasHelp() throws Exception {
        for (String name : Main.PROGRAMS.keySet()) {
            Launch l = Launch.run(name, "--help");
            assertThat(l.status()).as(name).isZero();
            assertThat(l.stderr()).as(name).isEmpty();
            assertThat(l.stdoutText()).as(name).startsWith("usage: " + name).contains("--help");
        }
    }

    @Test
    void noNameListsThePrograms() throws Exception {
        Launch l = Launch.run();
        assertThat(l.status()).isZero();
        assertThat(l.stdoutText()).contains("hello", "loop-tour", "fetch");
        Launch unknown = Launch.run("nope");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.stderr()).startsWith("unknown program: nope");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hello --port abc          | hello: error: --port must be a whole number from 0 to 65535, not 'abc'",
            "hello --port 99999        | hello: error: --port must be a whole number from 0 to 65535, not '99999'",
            "hello --loops 0           | hello: error: --loops must be a whole number from 1 to 256, not '0'",
            "hello --port              | hello: error: --port needs a value (N)",
            "echo --prot 1             | echo: error: unknown option '--prot'",
            "pipeline --workers 0      | pipeline: error: --workers must be a whole number from 1 to 10000, not '0'",
            "commands --parallel 0     | commands: error: --parallel must be a whole number from 1 to 1000, not '0'",
            "memo --callers x          | memo: error: --callers must be a whole number from 1 to 1000000, not 'x'",
            "tcp-echo --loops 0        | tcp-echo: error: --loops must be a whole number from 1 to 256, not '0'",
            "tcp-client --port 99999   | tcp-client: error: --port must be a whole number from 0 to 65535, not '99999'",
            "fanout --timeout-ms -5    | fanout: error: --timeout-ms must be a whole number from 1 to 3600000, not '-5'",
            "fanout not-a-url          | fanout: error: URL 'not-a-url' must start with http:// or https://",
            "fetch                     | fetch: error: missing URL",
            "fetch --timeout-ms 0 http://127.0.0.1/ | fetch: error: --timeout-ms must be a whole number from 1 to 3600000, not '0'",
            "loop-tour extra           | loop-tour: error: unexpected argument 'extra'",
            "coroutines --fast         | coroutines: error: unknown option '--fast'",
            "taste --port 1            | taste: error: unknown option '--port'",
    })
    void aBadCommandLineIsOneLineOnStderrAndStatusTwo(String args, String line) throws Exception {
        Launch l = Launch.run(args.split(" "));
        assertThat(l.status()).isEqualTo(2);
        assertThat(l.stdout()).isEmpty();
        assertThat(l.stderr()).isEqualTo(line + " (see '" + args.split(" ")[0] + " --help')" + System.lineSeparator());
    }
}
