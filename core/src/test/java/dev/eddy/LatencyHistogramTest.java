package dev.eddy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyHistogramTest {

    @Test
    void bucketsDoubleFromOneMicrosecondAndTheLastTakesEverythingLonger() {
        assertThat(LatencyHistogram.bucketOf(-5)).isZero();
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.bucketOf(1023)).isZero();
        assertThat(LatencyHistogram.bucketOf(1024)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(2047)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(2048)).isEqualTo(2);
        assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        for (int i = 0; i < LatencyHistogram.BUCKETS - 1; i++) {
            long bound = LatencyHistogram.bucketUpperBoundNanos(i);
            assertThat(LatencyHistogram.bucketOf(bound - 1)).as("just below bound %d", i).isEqualTo(i);
            assertThat(LatencyHistogram.bucketOf(bound)).as("at bound %d", i).isEqualTo(i + 1);
        }
        assertThat(LatencyHistogram.bucketUpperBoundNanos(LatencyHistogram.BUCKETS - 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(LatencyHistogram.bucketUpperBoundNanos(LatencyHistogram.BUCKETS - 2)).isEqualTo(1L << 35);
    }

    @Test
    void percentilesAreTheUpperBoundOfTheBucketTheyFallIn() {
        LatencyHistogram.Recorder r = new LatencyHistogram.Recorder();
        assertThat(r.snapshot().percentileNanos(0.99)).as("empty").isZero();
        for (int i = 0; i < 90; i++) {
            r.record(500);                  // bucket 0: below 1,024 ns
        }
        for (int i = 0; i < 9; i++) {
            r.record(3_000_000);            // 3 ms: below 2^22 ns
        }
        r.record(5_000_000_000L);           // 5 s
        LatencyHistogram h = r.snapshot();
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.sumNanos()).isEqualTo(90 * 500L + 9 * 3_000_000L + 5_000_000_000L);
        assertThat(h.percentileNanos(0)).isEqualTo(1024);
        assertThat(h.percentileNanos(0.5)).isEqualTo(1024);
        assertThat(h.percentileNanos(0.9)).isEqualTo(1024);
        assertThat(h.percentileNanos(0.95)).isEqualTo(1L << 22);
        assertThat(h.percentileNanos(0.99)).isEqualTo(1L << 22);
        assertThat(h.percentileNanos(1)).isEqualTo(1L << 33);
        assertThat(h).hasToString("LatencyHistogram[n=100, p50<=1us, p99<=4ms, p999<=9s]");
        assertThatThrownBy(() -> h.percentileNanos(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sinceIsWhatWasRecordedBetweenTwoSnapshots() {
        LatencyHistogram.Recorder r = new LatencyHistogram.Recorder();
        r.record(100);
        LatencyHistogram before = r.snapshot();
        r.record(10_000);
        r.record(10_000);
        LatencyHistogram between = r.snapshot().since(before);
        assertThat(between.count()).isEqualTo(2);
        assertThat(between.sumNanos()).isEqualTo(20_000);
        assertThat(between.bucketCount(LatencyHistogram.bucketOf(10_000))).isEqualTo(2);
        assertThat(between.bucketCount(0)).isZero();
        assertThat(before).isEqualTo(before).isNotEqualTo(between);
    }
}
