package dev.eddy.process;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The subprocess pipe helpers are virtual threads exactly when the JDK has them (21+). */
class HelperThreadsTest {

    @Test
    void helpersAreVirtualOnJdk21AndLaterAndNeverKeepTheJvmAlive() throws InterruptedException {
        assertThat(HelperThreads.virtual()).isEqualTo(Runtime.version().feature() >= 21);
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Thread> seen = new AtomicReference<>();
        Thread t = HelperThreads.start("eddy-test-helper", () -> {
            seen.set(Thread.currentThread());
            ran.countDown();
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.get()).isSameAs(t);
        assertThat(t.getName()).isEqualTo("eddy-test-helper");
        assertThat(t.isDaemon()).isTrue();          // virtual threads are always daemons
    }
}
