package dev.eddy.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The chapter 2 example prints what the chapter says it prints. */
class CoroutinesDemoTest {

    @Test
    void theThreeVersionsAgreeAndTheRulesHold() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            CoroutinesDemo.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        String summary = "user7 bought user7-order1, user7-order2";
        assertThat(out)
                .contains("generator: fibonacci 0 1 1 2 3 5 8 13 21 34 55 89\n")
                .contains("1. callbacks:  " + summary)
                .contains("2. futures:    " + summary)
                .contains("3. coroutine:  " + summary)
                .contains("4. cancelled: the finally block ran at the await")
                .contains("outcome: cancelled")
                .contains("without moment(): aaaaabbbbb")
                .contains("with moment(): ababababab");
    }
}
