package dev.eddy;

import dev.eddy.jfr.Flight;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamOptions;
import dev.eddy.net.TcpClient;
import dev.eddy.net.TcpServer;
import dev.eddy.testing.LoopOnThread;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flight Recorder events of the loop, read back in-process from a {@link RecordingStream}
 * (events reach a stream about once a second, hence the generous deadlines). Each test waits
 * for the events it expects with a deadline, never for time to pass.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class FlightRecorderEventsTest {

    private static final long DEADLINE_SECONDS = 20;

    @Test
    void aSlowCallbackAndASlowTimerAreRecordedWithTheirClassAndAQuickOneIsNot() throws Exception {
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName("jfr-slow"));
        try (Events events = new Events("dev.eddy.SlowCallback", e -> e.getString("loop").equals("jfr-slow"));
             LoopOnThread bg = LoopOnThread.start(loop)) {
            events.stream.enable("dev.eddy.SlowCallback").withThreshold(Duration.ofMillis(5));
            events.start();
            assertThat(Flight.active()).isTrue();
            loop.addCallback(() -> { });                        // quick: below the threshold
            loop.addCallback(new SpinningTask(Duration.ofMillis(20)));
            loop.callLater(Duration.ZERO, new SpinningTask(Duration.ofMillis(20)));
            List<RecordedEvent> slow = events.await(2);
            assertThat(slow).extracting(e -> e.getString("kind")).containsExactlyInAnyOrder("callback", "timer");
            assertThat(slow).allSatisfy(e -> {
                assertThat(e.getString("callbackClass")).isEqualTo(SpinningTask.class.getName());
                assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
            });
        }
    }

    @Test
    void aBlockedLoopIsRecordedWithTheLoopThreadsStack() throws Exception {
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName("jfr-blocked").withBlockingThreshold(Duration.ofMillis(50)));
        try (LogRecorder log = LogRecorder.of(loop);
             Events events = new Events("dev.eddy.LoopBlocked", e -> e.getString("loop").equals("jfr-blocked"));
             LoopOnThread bg = LoopOnThread.start(loop)) {
            events.stream.enable("dev.eddy.LoopBlocked");
            events.start();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            loop.addCallback(new BlockingWatchdogTest.BlockingCallback(release, finished));
            log.awaitWarnings(1, r -> r.getMessage().contains("BlockingCallback.run"));
            release.countDown();
            assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
            RecordedEvent blocked = events.await(1).get(0);
            assertThat(blocked.getString("callback")).isEqualTo(
                    "callback " + BlockingWatchdogTest.BlockingCallback.class.getName() + ".run");
            assertThat(blocked.getString("stack")).contains("blockUntilReleased").contains("dev.eddy.CallbackRunner.runCallback");
            assertThat(blocked.getDuration("blockedFor")).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        }
    }

    @Test
    void everyOpenLoopIsSampledPeriodically() throws Exception {
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName("jfr-sampled"));
        try (Events events = new Events("dev.eddy.LoopStatistics", e -> e.getString("loop").equals("jfr-sampled")
                && e.getLong("callbacksRun") > 0);
             LoopOnThread bg = LoopOnThread.start(loop)) {
            events.stream.enable("dev.eddy.LoopStatistics").withPeriod(Duration.ofMillis(100));
            events.start();
            CountDownLatch ran = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                loop.addCallback(ran::countDown);
            }
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            RecordedEvent sample = events.await(1).get(0);
            assertThat(sample.getLong("callbacksRun")).isPositive();
            assertThat(sample.getLong("iterations")).isPositive();
            assertThat(sample.getDouble("busy")).isBetween(0.0, 1.0);
        }
    }

    @Test
    void anAcceptedConnectionAndItsCloseAreRecordedWithTheirAddresses() throws Exception {
        IOLoop loop = new IOLoop(LoopOptions.defaults().withName("jfr-net"));
        try (Events accepted = new Events("dev.eddy.ConnectionAccepted", e -> e.getString("loop").equals("jfr-net"));
             Events closed = new Events("dev.eddy.ConnectionClosed", e -> e.getString("loop").equals("jfr-net"));
             LoopOnThread bg = LoopOnThread.start(loop)) {
            accepted.stream.enable("dev.eddy.ConnectionAccepted");
            closed.stream.enable("dev.eddy.ConnectionClosed");
            accepted.start();
            closed.start();
            CountDownLatch served = new CountDownLatch(1);
            TcpServer server = TcpServer.listenStreams(loop, new InetSocketAddress("127.0.0.1", 0),
                    StreamOptions.defaults(), stream -> {
                stream.close();             // the server side closes at once
                served.countDown();
                return null;
            });
            int port = server.localAddress().getPort();
            CountDownLatch connected = new CountDownLatch(1);
            String[] clientAddress = new String[1];
            loop.addCallback(() -> TcpClient.connect(loop, "127.0.0.1", port, Duration.ofSeconds(5))
                    .addDoneCallback(f -> {
                        IOStream client = f.getNow();
                        clientAddress[0] = ((java.nio.channels.SocketChannel) client.transport().channel())
                                .socket().getLocalSocketAddress().toString();
                        client.close();
                        connected.countDown();
                    }));
            assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(served.await(5, TimeUnit.SECONDS)).isTrue();
            RecordedEvent a = accepted.await(1).get(0);
            assertThat(a.getString("remoteAddress")).isEqualTo(clientAddress[0]);
            assertThat(a.getString("localAddress")).endsWith(":" + port);
            List<RecordedEvent> ends = closed.await(2);     // the server's side and the client's
            assertThat(ends).extracting(e -> e.getString("localAddress"))
                    .contains(clientAddress[0]).anySatisfy(local -> assertThat(local).endsWith(":" + port));
            server.stopAccepting();
        }
    }

    /** A callback that keeps the loop busy (spinning, not sleeping) for a while. */
    static final class SpinningTask implements Runnable {
        private final long nanos;

        SpinningTask(Duration d) {
            this.nanos = d.toNanos();
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            while (System.nanoTime() - start < nanos) {
                Thread.onSpinWait();
            }
        }
    }

    /** A recording stream that collects the events of one name that match a filter. */
    static final class Events implements AutoCloseable {
        final RecordingStream stream = new RecordingStream();
        private final List<RecordedEvent> seen = new CopyOnWriteArrayList<>();

        Events(String name, Predicate<RecordedEvent> mine) {
            stream.setReuse(false);         // the events are kept past the callback
            stream.onEvent(name, e -> {
                if (mine.test(e)) {
                    synchronized (this) {
                        seen.add(e);
                        notifyAll();
                    }
                }
            });
        }

        void start() throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            stream.onFlush(started::countDown);
            stream.startAsync();
            if (!started.await(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the recording stream did not start");
            }
        }

        /** Waits until at least {@code n} matching events arrived; returns them. */
        synchronized List<RecordedEvent> await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (seen.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " events, got " + seen);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
