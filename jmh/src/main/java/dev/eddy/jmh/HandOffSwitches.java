package dev.eddy.jmh;

import dev.eddy.IOLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * Why a hand-off from another thread gets slow on a machine whose cores are all busy: the same
 * producer and batches as {@code LoopCallbacksBenchmark.(eddy|netty)_execute_busyCores}, with
 * what JMH cannot show beside each run, the scheduler's view of the two threads. Not a JMH
 * benchmark but a main (Linux only: it reads {@code /proc}):
 *
 * <pre>java -cp jmh/target/benchmarks.jar dev.eddy.jmh.HandOffSwitches eddy|netty [BATCHES] [SPINNERS] [ROUNDS]</pre>
 *
 * <p>A producer thread hands batches of {@value #N} callbacks to a loop (Eddy's
 * {@link IOLoop#addCallback}, or Netty's NIO event loop's {@code execute}) and spins until the
 * loop has run them all; {@code SPINNERS} threads (default 1) spin for the whole run, so on a
 * two-core machine three threads want two cores. Each round prints the mean time per callback,
 * the batch time's percentiles, and per batch: the loop thread's voluntary context switches
 * (each one is the loop going to sleep in {@code select} and being woken), the producer's
 * involuntary ones (each one is the producer losing its core, for example to the loop it just
 * woke) and, for Eddy, the loop's iterations. A run in which the loop sleeps and wakes dozens
 * of times per batch, and the producer loses its core as often, is the two threads taking
 * turns on one core, one wake-up per handful of callbacks; the other core is the spinner's.
 * The counts come from {@code /proc/self/task/TID/status}.
 *
 * <p>Last on the line, from {@code /proc/self/task/TID/schedstat}: per batch, the time the loop
 * thread spent on a core, the time it spent runnable but waiting in a run queue for one (after
 * each wake-up, until the scheduler lets it in), and the producer's wait. Divide the loop's
 * wait by its sleeps to see whether a loop waits longer per wake-up or only wakes more often.
 * (On a kernel without scheduler statistics these three read 0.)
 */
public final class HandOffSwitches {

    static final int N = 1000;

    /**
     * A thread's context switches so far (voluntary, involuntary), and from its
     * {@code schedstat} the time it has spent on a core and the time it has spent runnable but
     * waiting in a run queue for one, in nanoseconds.
     */
    record Switches(long voluntary, long involuntary, long runNanos, long waitNanos) {
        static Switches of(long tid) throws IOException {
            long v = 0;
            long nv = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    v = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    nv = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            Path schedstat = Path.of("/proc/self/task/" + tid + "/schedstat");
            if (!Files.isReadable(schedstat)) {     // a kernel built without scheduler statistics
                return new Switches(v, nv, 0, 0);
            }
            String[] sched = Files.readString(schedstat).trim().split(" ");
            return new Switches(v, nv, Long.parseLong(sched[0]), Long.parseLong(sched[1]));
        }
    }

    private static volatile boolean spinning = true;
    private static volatile long sink;

    /** The kernel's id of the calling thread (what /proc/self/task lists), not Java's thread id. */
    static long kernelThreadId() throws IOException {
        return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "eddy";
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int spinners = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        for (int i = 0; i < spinners; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (spinning) {
                    x = x * 31 + 1;
                }
                sink = x;
            }, "spinner-" + i);
            t.setDaemon(true);
            t.start();
        }
        IOLoop loop = null;
        MultiThreadIoEventLoopGroup netty = null;
        Executor target;
        switch (which) {
            case "eddy" -> {
                loop = BenchLoops.startedLoop("hand-off");
                target = loop::addCallback;
            }
            case "netty" -> {
                netty = NettyLoops.group();
                target = NettyLoops.startedLoop(netty);
            }
            default -> throw new IllegalArgumentException("eddy or netty, not " + which);
        }
        long[] loopTid = new long[1];
        CountDownLatch known = new CountDownLatch(1);
        target.execute(() -> {
            try {
                loopTid[0] = kernelThreadId();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            known.countDown();
        });
        known.await();
        long producerTid = kernelThreadId();
        BenchLoops.CountingTask batch = new BenchLoops.CountingTask(N);   // the producer spins on it, as the JMH benchmark does
        long[] times = new long[batches];
        for (int round = 0; round < rounds; round++) {
            Switches loop0 = Switches.of(loopTid[0]);
            Switches producer0 = Switches.of(producerTid);
            long iterations0 = loop != null ? loop.stats().iterations() : 0;
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                long t0 = System.nanoTime();
                batch.reset();
                for (int i = 0; i < N; i++) {
                    target.execute(batch);
                }
                batch.await();
                times[b] = System.nanoTime() - t0;
            }
            long total = System.nanoTime() - start;
            Switches loop1 = Switches.of(loopTid[0]);
            Switches producer1 = Switches.of(producerTid);
            long iterations1 = loop != null ? loop.stats().iterations() : 0;
            Arrays.sort(times);
            double per = batches;
            System.out.printf("%s, %d spinner(s): %.1f ns/callback; batch µs p50 %.1f p90 %.1f p99 %.1f max %.1f;"
                            + " per batch: loop sleeps %.2f, producer preempted %.2f%s;"
                            + " per batch, µs: loop on a core %.1f, loop waiting for one %.1f, producer waiting %.1f%n",
                    which, spinners, total / per / N,
                    times[batches / 2] / 1e3, times[batches * 9 / 10] / 1e3, times[batches * 99 / 100] / 1e3,
                    times[batches - 1] / 1e3,
                    (loop1.voluntary() - loop0.voluntary()) / per,
                    (producer1.involuntary() - producer0.involuntary()) / per,
                    loop != null ? String.format(", loop iterations %.1f", (iterations1 - iterations0) / per) : "",
                    (loop1.runNanos() - loop0.runNanos()) / per / 1e3,
                    (loop1.waitNanos() - loop0.waitNanos()) / per / 1e3,
                    (producer1.waitNanos() - producer0.waitNanos()) / per / 1e3);
        }
        spinning = false;
        if (loop != null) {
            loop.close();
        }
        if (netty != null) {
            NettyLoops.shutdown(netty);
        }
    }
}
