package dev.eddy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop's side of the wake-up handshake on its own ({@link CallbackQueue#prepareToSleep}),
 * with a real selector and no loop: how long the loop may sleep when the inbox is empty,
 * holds a callback, or holds a position whose producer stalled between claim and write. The
 * races of a running loop are in {@link InboxStressTest}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CallbackQueueTest {

    private Selector selector;
    private CallbackQueue callbacks;

    @BeforeEach
    void open() throws IOException {
        selector = Selector.open();
        callbacks = new CallbackQueue(selector);
    }

    @AfterEach
    void close() throws IOException {
        selector.close();
    }

    @Test
    void withNothingClaimedTheLoopSleepsAsLongAsItWanted() {
        assertThat(callbacks.prepareToSleep(0)).as("until woken").isZero();
        assertThat(callbacks.isAsleep()).isTrue();
        callbacks.awake();
        assertThat(callbacks.prepareToSleep(250)).isEqualTo(250);
    }

    @Test
    void aCallbackAlreadyHandedOverMeansDontSleep() {
        assertThat(callbacks.addFromOtherThread((Runnable) () -> { })).isTrue();
        assertThat(callbacks.prepareToSleep(0)).isEqualTo(CallbackQueue.DONT_SLEEP);
    }

    @Test
    void aLoopThatOtherThreadsFedLooksAgainThenStillSleepsWhenNothingCame() {
        assertThat(callbacks.addFromOtherThread((Runnable) () -> { })).isTrue();
        assertThat(callbacks.startBatch()).isEqualTo(1);
        assertThat(callbacks.poll()).isNotNull();

        // the looks find nothing: the loop publishes "asleep" and sleeps as long as it wanted
        assertThat(callbacks.prepareToSleep(0)).isZero();
        assertThat(callbacks.isAsleep()).isTrue();
        assertThat(callbacks.wakeups()).isZero();
    }

    @Test
    void aBurstFromAnotherThreadAsksForOneSelectThatDoesNotWaitAndNoSpinningLooks() {
        for (int i = 0; i <= CallbackQueue.FEW_HANDED_OVER; i++) {
            assertThat(callbacks.addFromOtherThread((Runnable) () -> { })).isTrue();
        }
        int n = callbacks.startBatch();
        assertThat(n).isEqualTo(CallbackQueue.FEW_HANDED_OVER + 1);
        for (; n > 0; n--) {
            callbacks.poll();
        }
        assertThat(callbacks.burstHandedOver()).as("one more turn after a burst").isTrue();
        assertThat(callbacks.burstHandedOver()).as("only once").isFalse();
        // a callback handed over now, after that turn: the loop does not spin-look after a
        // burst, so it sees it only at its one re-check after publishing "asleep" (and then
        // does not sleep either)
        assertThat(callbacks.addFromOtherThread((Runnable) () -> { })).isTrue();
        assertThat(callbacks.prepareToSleep(0)).isEqualTo(CallbackQueue.DONT_SLEEP);
        assertThat(callbacks.isAsleep()).as("published asleep: it went straight to its re-check").isTrue();
    }

    @Test
    void aLoneHandOverIsNoBurst() {
        assertThat(callbacks.addFromOtherThread((Runnable) () -> { })).isTrue();
        assertThat(callbacks.startBatch()).isEqualTo(1);
        callbacks.poll();
        assertThat(callbacks.burstHandedOver()).isFalse();
    }

    @Test
    void callbacksFromTheLoopThreadAloneAreNoBurst() {
        for (int i = 0; i <= CallbackQueue.FEW_HANDED_OVER; i++) {
            callbacks.addFromLoop((Runnable) () -> { });
        }
        assertThat(callbacks.startBatch()).isEqualTo(CallbackQueue.FEW_HANDED_OVER + 1);
        assertThat(callbacks.burstHandedOver()).isFalse();
    }

    @Test
    void aLoneHandOverMakesTheLoopLookAgainBeforeItPublishesAsleep() {
        assertThat(callbacks.addFromOtherThread((Runnable) () -> { })).isTrue();
        assertThat(callbacks.startBatch()).isEqualTo(1);
        callbacks.poll();
        assertThat(callbacks.addFromOtherThread((Runnable) () -> { })).isTrue();
        assertThat(callbacks.prepareToSleep(0)).isEqualTo(CallbackQueue.DONT_SLEEP);
        assertThat(callbacks.isAsleep()).as("found by a look, before publishing asleep").isFalse();
    }

    @Test
    void aLoopFedByAnotherThreadWhileItLooksAndSleepsLosesNothing() throws Exception {
        // A producer that hands callbacks over a few microseconds apart, so that some land
        // while the loop looks, some at its re-check, some while it sleeps: whichever way,
        // every callback runs exactly once.
        int total = 20_000;
        int[] ran = {0};
        Runnable task = () -> ran[0]++;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                callbacks.addFromOtherThread(task);
                for (int p = 0; p < 50; p++) {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        while (ran[0] < total) {
            for (int n = callbacks.startBatch(); n > 0; n--) {
                ((Runnable) callbacks.poll()).run();
            }
            if (callbacks.prepareToSleep(0) != CallbackQueue.DONT_SLEEP) {
                selector.select(1);         // a producer that found us asleep wakes us
            }
            callbacks.awake();
        }
        producer.join();
        assertThat(ran[0]).isEqualTo(total);
        assertThat(callbacks.startBatch()).as("nothing left over").isZero();
    }

    @Test
    void aProducerStalledBetweenClaimAndWriteMakesTheLoopNapNotSpin() {
        MpscChunkedQueue inbox = callbacks.inbox();
        long position = inbox.claim();                  // the producer is descheduled here
        assertThat(inbox.isEmpty()).as("a claimed position counts as present").isFalse();
        assertThat(inbox.nextIsClaimedNotWritten()).isTrue();

        assertThat(callbacks.prepareToSleep(0)).as("a short nap, not 'until woken'")
                .isEqualTo(CallbackQueue.STALLED_PRODUCER_NAP_MILLIS);
        assertThat(callbacks.isAsleep()).as("flag set: the producer will wake the loop").isTrue();
        callbacks.awake();
        assertThat(callbacks.prepareToSleep(500)).isEqualTo(CallbackQueue.STALLED_PRODUCER_NAP_MILLIS);
        callbacks.awake();
        assertThat(callbacks.prepareToSleep(0)).isEqualTo(CallbackQueue.STALLED_PRODUCER_NAP_MILLIS);
        // a timer due sooner than the nap's end still wins
        callbacks.awake();
        assertThat(callbacks.prepareToSleep(1)).isEqualTo(1);
    }

    @Test
    void theStalledProducerWakesTheNappingLoopWhenItFinallyWrites() throws IOException {
        MpscChunkedQueue inbox = callbacks.inbox();
        long position = inbox.claim();
        assertThat(callbacks.prepareToSleep(0)).isEqualTo(CallbackQueue.STALLED_PRODUCER_NAP_MILLIS);

        Runnable late = () -> { };
        inbox.publish(position, late);                  // the rest of the producer's offer
        callbacks.wakeIfAsleep();
        assertThat(callbacks.wakeups()).as("it found the loop asleep and woke it").isEqualTo(1);
        long t0 = System.nanoTime();
        selector.select(10_000);                        // returns at once: the wake-up is pending
        assertThat(System.nanoTime() - t0).as("woken, not timed out").isLessThan(5_000_000_000L);
        callbacks.awake();

        assertThat(callbacks.startBatch()).isEqualTo(1);
        assertThat(callbacks.poll()).isSameAs(late);
    }

    @Test
    void callbacksBehindAStalledProducerWaitForItAndKeepTheirOrder() {
        MpscChunkedQueue inbox = callbacks.inbox();
        long stalled = inbox.claim();
        List<Object> ran = new ArrayList<>();
        Runnable a = () -> { };
        Runnable b = () -> { };
        assertThat(callbacks.addFromOtherThread(b)).isTrue();
        assertThat(callbacks.startBatch()).as("b waits behind the stalled position").isZero();
        assertThat(callbacks.prepareToSleep(0)).isEqualTo(CallbackQueue.STALLED_PRODUCER_NAP_MILLIS);
        callbacks.awake();

        inbox.publish(stalled, a);
        assertThat(callbacks.prepareToSleep(0)).isEqualTo(CallbackQueue.DONT_SLEEP);
        callbacks.awake();
        for (int n = callbacks.startBatch(); n > 0; n--) {
            ran.add(callbacks.poll());
        }
        assertThat(ran).containsExactly(a, b);
        assertThat(callbacks.prepareToSleep(0)).isZero();
    }
}
