package dev.eddy.process;

import dev.eddy.Future;
import dev.eddy.Futures;
import dev.eddy.IOLoop;
import dev.eddy.TimeoutException;
import dev.eddy.net.StreamClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Subprocess with real processes: start, exit codes, stdin, kill, timeouts. */
class SubprocessTest {

    static final Duration DEADLINE = Duration.ofSeconds(20);

    private final IOLoop loop = new IOLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    <T> T run(Supplier<Future<T>> task) {
        return loop.runSync(task, DEADLINE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void collectGathersStdoutStderrAndTheExitCode() {
        ProcessResult r = run(() -> Subprocess.start(loop, "sh", "-c", "echo out; echo err >&2; exit 3").collect());
        assertThat(r).isEqualTo(new ProcessResult(3, "out\n", "err\n"));
    }

    @Test
    void checkExitTurnsANonZeroCodeIntoAClearError() {
        assertThatThrownBy(() -> run(() -> Subprocess.start(loop,
                ProcessOptions.of("sh", "-c", "exit 4").withCheckExit(true)).exit()))
                .isInstanceOf(ProcessExitException.class)
                .hasMessageContaining("exited with code 4")
                .satisfies(e -> assertThat(((ProcessExitException) e).exitCode()).isEqualTo(4));
        assertThat(run(() -> Subprocess.start(loop, ProcessOptions.of("true").withCheckExit(true)).exit())).isZero();
    }

    @Test
    void aProgramThatCannotBeStartedFailsStartedExitAndReads() {
        Subprocess[] p = new Subprocess[1];
        assertThatThrownBy(() -> run(() -> {
            p[0] = Subprocess.start(loop, "/no/such/program-eddy");
            return p[0].exit();
        })).hasRootCauseInstanceOf(IOException.class);
        assertThat(p[0].started().isFailed()).isTrue();
        assertThatThrownBy(() -> run(() -> p[0].stdout().readBytes(10)))
                .isInstanceOf(StreamClosedException.class).hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void stdinIsWrittenAndClosingItGivesTheChildEndOfFile() {
        String out = run(() -> {
            Subprocess cat = Subprocess.start(loop, "cat");
            cat.stdin().write(bytes("hello "));
            cat.stdin().write(new byte[1 << 20]);                  // more than the pipe takes at once
            cat.stdin().write(bytes("world\n"));
            Future<Void> closed = cat.closeStdin();                // after all of it
            assertThat(cat.stdin().isClosed()).isFalse();
            Future<ProcessResult> result = cat.collect();          // read while writing: cat echoes as it goes
            return closed.flatMap(v -> {
                assertThat(cat.stdin().write(bytes("late")).cause()).isInstanceOf(StreamClosedException.class);
                return result;
            }).map(ProcessResult::stdout);
        });
        assertThat(out).hasSize(6 + (1 << 20) + 6).startsWith("hello ").endsWith("world\n");
    }

    @Test
    void aWriteToAChildThatDoesNotReadStaysPendingThenFailsWhenItDies() {
        Subprocess[] p = new Subprocess[1];
        Future<Void>[] write = new Future[1];
        run(() -> {
            p[0] = Subprocess.start(loop, "sleep", "1000");
            write[0] = p[0].stdin().write(new byte[4 << 20]);   // far more than the pipes hold
            return Futures.sleep(loop, Duration.ofMillis(200));
        });
        assertThat(write[0].isDone()).isFalse();                    // back-pressure: the pipe is full
        run(() -> p[0].kill(Duration.ZERO));
        assertThatThrownBy(() -> run(() -> write[0])).isInstanceOf(StreamClosedException.class);
    }

    @Test
    void aChildThatNeverExitsIsKilledByTheRunTimeout() {
        Subprocess[] p = new Subprocess[1];
        assertThatThrownBy(() -> run(() -> {
            p[0] = Subprocess.start(loop, ProcessOptions.of("sleep", "1000").withTimeout(Duration.ofMillis(200)));
            return p[0].exit();
        })).isInstanceOf(TimeoutException.class).hasMessageContaining("did not finish within PT0.2S");
    }

    @Test
    void theTimeoutAlsoKillsGrandchildrenThatHoldTheOutputOpen() {
        // sh forks sleep (not the last command, so no exec): sleep holds stdout open
        assertThatThrownBy(() -> run(() -> Subprocess.start(loop,
                ProcessOptions.of("sh", "-c", "sleep 1000; echo never").withTimeout(Duration.ofMillis(200))).exit()))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void killAsksPolitelyFirst() {
        int code = run(() -> {
            Subprocess p = Subprocess.start(loop, "sleep", "1000");
            return p.started().flatMap(pid -> p.kill(Duration.ofSeconds(10)));
        });
        assertThat(code).isEqualTo(128 + 15);                       // SIGTERM was enough
    }

    @Test
    void killInsistsAfterTheGracePeriod() {
        int code = run(() -> {
            // an ignored signal stays ignored across exec: this sleep ignores SIGTERM
            Subprocess p = Subprocess.start(loop, "sh", "-c", "trap '' TERM; echo ready; exec sleep 1000");
            return p.stdout().readUntil(new byte[]{'\n'}, 100).flatMap(ready -> p.kill(Duration.ofMillis(100)));
        });
        assertThat(code).isEqualTo(128 + 9);                        // SIGKILL after the grace
    }

    @Test
    void aKillBeforeTheChildIsUpStillKillsIt() {
        int code = run(() -> Subprocess.start(loop, "sleep", "1000").kill(Duration.ZERO));
        assertThat(code).isEqualTo(128 + 9);
    }

    @Test
    void aDiscardedStdoutIsAtItsEndAtOnce() {
        ProcessResult r = run(() -> Subprocess.start(loop,
                ProcessOptions.of("sh", "-c", "echo gone; echo kept >&2").withStdout(Redirect.DISCARD)).collect());
        assertThat(r).isEqualTo(new ProcessResult(0, "", "kept\n"));
    }

    @Test
    void environmentAndDirectoryAreApplied() {
        ProcessResult r = run(() -> Subprocess.start(loop, ProcessOptions.of("sh", "-c", "echo $EDDY_X; pwd")
                .withEnvironment(java.util.Map.of("EDDY_X", "42"))
                .withDirectory(java.nio.file.Path.of("/"))).collect());
        assertThat(r.stdout()).isEqualTo("42\n/\n");
    }

    @Test
    void offTheLoopThreadItFailsClearly() {
        assertThatThrownBy(() -> Subprocess.start(loop, "true")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Subprocess.start must be called on the loop thread");
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> ProcessOptions.of()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessOptions.of("x").withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessOptions.of("x").withChunkSize(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
