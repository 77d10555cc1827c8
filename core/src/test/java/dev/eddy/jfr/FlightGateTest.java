package dev.eddy.jfr;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate in front of the events ({@link Flight}), in JVMs of their own (a test JVM that
 * ever recorded keeps its recorder initialized): a loop (with a server and a client
 * connection) nobody records loads no event class, and one started with a recording does.
 */
class FlightGateTest {

    @Test
    void aLoopNobodyRecordsLoadsNoEventClass() throws Exception {
        List<String> out = run();
        assertThat(out).contains("active=false");
        assertThat(loaded(out)).as("the gate is there").contains("dev.eddy.jfr.Flight")
                .noneMatch(name -> name.endsWith("Event"));
    }

    @Test
    void aLoopStartedWithARecordingRegistersItsEvents() throws Exception {
        List<String> out = run("-XX:StartFlightRecording:settings=none,disk=false");
        assertThat(out).contains("active=true");
        assertThat(loaded(out)).contains("dev.eddy.jfr.LoopStatisticsEvent", "dev.eddy.jfr.SlowCallbackEvent",
                "dev.eddy.jfr.ConnectionAcceptedEvent", "dev.eddy.jfr.ConnectionClosedEvent");
    }

    /** The classes of package dev.eddy.jfr that {@code -verbose:class} reported loaded. */
    private static List<String> loaded(List<String> lines) {
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            int at = line.indexOf("dev.eddy.jfr.");
            if (line.contains("[class,load") && at >= 0) {
                names.add(line.substring(at, line.indexOf(' ', at)));
            }
        }
        return names;
    }

    private static List<String> run(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                LoopNobodyRecords.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the program finished").isTrue();
            String text = new String(output, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(text).isZero();
            return text.lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }
}
