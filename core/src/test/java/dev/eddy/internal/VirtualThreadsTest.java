package dev.eddy.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The run-time lookup of {@code Thread.ofVirtual()}: a factory exactly on JDK 21+, with the names asked for. */
class VirtualThreadsTest {

    @Test
    void aFactoryExactlyWhenTheJdkHasVirtualThreads() {
        assertThat(VirtualThreads.factory(null) != null).isEqualTo(Runtime.version().feature() >= 21);
    }

    @Test
    void itsThreadsAreVirtualNamedWithThePrefixAndRun() throws Exception {
        ThreadFactory factory = VirtualThreads.factory("vt-test-");
        assumeTrue(factory != null, "this JDK has no virtual threads (the test above checks that is right)");
        CountDownLatch ran = new CountDownLatch(2);
        Thread first = factory.newThread(ran::countDown);
        Thread second = factory.newThread(ran::countDown);
        assertThat(first.getName()).isEqualTo("vt-test-0");
        assertThat(second.getName()).isEqualTo("vt-test-1");
        assertThat(first.getClass().getName()).contains("Virtual");
        first.start();
        second.start();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
