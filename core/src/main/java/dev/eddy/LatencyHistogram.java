package dev.eddy;

import java.util.Arrays;

/**
 * How a set of durations was spread, in {@value #BUCKETS} fixed buckets whose bounds double:
 * below 1,024 ns, below 2,048 ns, ... below 2<sup>35</sup> ns (about 34 s), and one for
 * everything longer. An immutable snapshot; {@link IOLoop#stats()} hands out two of them
 * (how late timers ran, how long iterations were busy).
 *
 * <p>Why buckets whose bounds double: recording a value is a shift, a count of leading zeros
 * and one array increment, so the loop can record every timer and every iteration without
 * allocating or slowing down, and a percentile read from it is right within a factor of two,
 * which is what a latency question needs ("micro- or milliseconds? one or a hundred?").
 * {@link #percentileNanos} answers with the upper bound of the bucket the percentile falls
 * in: "at most this long".
 */
public final class LatencyHistogram {

    /** How many buckets: bounds 2<sup>10</sup> ns to 2<sup>35</sup> ns, plus one for longer. */
    public static final int BUCKETS = 27;
    private static final int FIRST_BOUND_SHIFT = 10;

    private final long[] counts;
    private final long sumNanos;

    private LatencyHistogram(long[] counts, long sumNanos) {
        this.counts = counts;
        this.sumNanos = sumNanos;
    }

    /**
     * The bucket a duration falls in.
     *
     * @param nanos the duration; zero or negative falls in the first bucket
     * @return the bucket's index, 0 to {@code BUCKETS - 1}
     */
    public static int bucketOf(long nanos) {
        if (nanos < 0) {
            return 0;
        }
        int i = 64 - Long.numberOfLeadingZeros(nanos >>> FIRST_BOUND_SHIFT);
        return Math.min(i, BUCKETS - 1);
    }

    /**
     * The exclusive upper bound of bucket {@code i}: its values are shorter than this.
     *
     * @param i the bucket's index
     * @return the bound in nanoseconds; {@link Long#MAX_VALUE} for the last bucket, which
     *     has none
     */
    public static long bucketUpperBoundNanos(int i) {
        if (i < 0 || i >= BUCKETS) {
            throw new IndexOutOfBoundsException(i);
        }
        return i == BUCKETS - 1 ? Long.MAX_VALUE : 1L << (FIRST_BOUND_SHIFT + i);
    }

    /**
     * How many values fell in bucket {@code i}.
     *
     * @param i the bucket's index
     * @return its count
     */
    public long bucketCount(int i) {
        return counts[i];
    }

    /**
     * How many values were recorded.
     *
     * @return the sum of the buckets' counts
     */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * The sum of the values recorded: with {@link #count()}, their mean.
     *
     * @return nanoseconds
     */
    public long sumNanos() {
        return sumNanos;
    }

    /**
     * At most how long the fastest {@code p} of the values took: the upper bound of the
     * bucket in which the {@code p}-quantile falls (for the last bucket, its lower bound).
     *
     * @param p the quantile, from 0 to 1: 0.5 for the median, 0.99 for the 99th percentile
     * @return nanoseconds, or 0 when the histogram is empty
     */
    public long percentileNanos(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a quantile is between 0 and 1: " + p);
        }
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == BUCKETS - 1 ? bucketUpperBoundNanos(i - 1) : bucketUpperBoundNanos(i);
            }
        }
        return bucketUpperBoundNanos(BUCKETS - 2);
    }

    /**
     * The values recorded since {@code earlier}, a snapshot of the same histogram taken
     * before this one: for "how late were timers in the last second".
     *
     * @param earlier an earlier snapshot of the same recorder
     * @return this histogram's counts less {@code earlier}'s (never below zero)
     */
    public LatencyHistogram since(LatencyHistogram earlier) {
        long[] d = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            d[i] = Math.max(0, counts[i] - earlier.counts[i]);
        }
        return new LatencyHistogram(d, Math.max(0, sumNanos - earlier.sumNanos));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && sumNanos == h.sumNanos && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(sumNanos);
    }

    /** Count and the usual percentiles, e.g. {@code LatencyHistogram[n=120, p50<=2us, p99<=1ms, p999<=1ms]}. */
    @Override
    public String toString() {
        return "LatencyHistogram[n=" + count() + ", p50<=" + human(percentileNanos(0.5))
                + ", p99<=" + human(percentileNanos(0.99)) + ", p999<=" + human(percentileNanos(0.999)) + "]";
    }

    private static String human(long nanos) {
        if (nanos < 1_000_000) {
            return (nanos + 500) / 1000 + "us";
        }
        if (nanos < 1_000_000_000) {
            return (nanos + 500_000) / 1_000_000 + "ms";
        }
        return (nanos + 500_000_000) / 1_000_000_000 + "s";
    }

    /**
     * The writing side: counts in an array the loop thread increments. Loop thread only for
     * {@link #record}; {@link #snapshot} from any thread sees counts that may lag by a few
     * values (plain fields, so that recording costs nothing).
     */
    static final class Recorder {
        private final long[] counts = new long[BUCKETS];
        private long sumNanos;

        void record(long nanos) {
            counts[bucketOf(nanos)]++;
            sumNanos += Math.max(0, nanos);
        }

        LatencyHistogram snapshot() {
            return new LatencyHistogram(counts.clone(), sumNanos);
        }
    }
}
