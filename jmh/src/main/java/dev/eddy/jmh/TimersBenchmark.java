package dev.eddy.jmh;

import dev.eddy.IOLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static dev.eddy.jmh.BenchLoops.N;

/**
 * A timeout that never fires: schedule a task one hour ahead and cancel it, on the timer's
 * own thread, per pair. Eddy's loop beside its anchors in the same run: Netty's event loop
 * ({@code schedule} + {@code cancel}) and the JDK's {@code ScheduledThreadPoolExecutor} with
 * removeOnCancel (so cancelled tasks leave its queue too, as they leave Eddy's and Netty's),
 * on its worker and, as it is usually called, from the benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TimersBenchmark {

    static final Duration HOUR = Duration.ofHours(1);

    IOLoop loop;
    ScheduledThreadPoolExecutor stpe;
    MultiThreadIoEventLoopGroup nettyGroup;
    IoEventLoop nettyLoop;
    final Runnable noop = () -> { };
    final BenchLoops.Flag flag = new BenchLoops.Flag();

    final Runnable eddyDriver = () -> {
        IOLoop l = loop;
        for (int i = 0; i < N; i++) {
            l.callLater(HOUR, noop).cancel();
        }
        flag.done = true;
    };

    final Runnable nettyDriver = () -> {
        IoEventLoop l = nettyLoop;
        for (int i = 0; i < N; i++) {
            l.schedule(noop, 1, TimeUnit.HOURS).cancel(false);
        }
        flag.done = true;
    };

    final Runnable stpeDriver = () -> {
        ScheduledThreadPoolExecutor s = stpe;
        for (int i = 0; i < N; i++) {
            s.schedule(noop, 1, TimeUnit.HOURS).cancel(false);
        }
        flag.done = true;
    };

    @Setup(Level.Trial)
    public void setup() {
        loop = BenchLoops.startedLoop("bench-loop");
        stpe = new ScheduledThreadPoolExecutor(1);
        stpe.setRemoveOnCancelPolicy(true);
        BenchLoops.start(stpe);
        nettyGroup = NettyLoops.group();
        nettyLoop = NettyLoops.startedLoop(nettyGroup);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        loop.close();
        BenchLoops.shutdown(stpe);
        NettyLoops.shutdown(nettyGroup);
    }

    /** Heap insert + O(log n) removal + one Timeout object. */
    @Benchmark
    @OperationsPerInvocation(N)
    public boolean eddy_scheduleCancel_onLoop() {
        flag.reset();
        loop.addCallback(eddyDriver);
        flag.await();
        return flag.done;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public boolean stpe_scheduleCancel_onWorker() {
        flag.reset();
        stpe.execute(stpeDriver);
        flag.await();
        return flag.done;
    }

    /** Netty: a {@code ScheduledFutureTask} in its heap, removed on cancel. */
    @Benchmark
    @OperationsPerInvocation(N)
    public boolean netty_scheduleCancel_onLoop() {
        flag.reset();
        nettyLoop.execute(nettyDriver);
        flag.await();
        return flag.done;
    }

    /** STPE called from the benchmark thread, no kick-off: how it is normally used. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int stpe_scheduleCancel_callerThread() {
        ScheduledThreadPoolExecutor s = stpe;
        int cancelled = 0;
        for (int i = 0; i < N; i++) {
            if (s.schedule(noop, 1, TimeUnit.HOURS).cancel(false)) {
                cancelled++;
            }
        }
        return cancelled;
    }
}
