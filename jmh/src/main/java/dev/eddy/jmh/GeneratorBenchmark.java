package dev.eddy.jmh;

import dev.eddy.gen.ContinuationEngine;
import dev.eddy.gen.Generator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * What one value costs from a {@link Generator}, per continuation engine, next to an
 * {@link Iterator} producing the same values (the floor: a method call and a box).
 *
 * <p>Each {@code generatorNext} is a resume and a suspend: on the native engine a mount and
 * unmount of the body's frames on this thread; on the thread engine two hand-overs between
 * this (platform) thread and the body's thread.
 *
 * <pre>java -jar jmh/target/benchmarks.jar GeneratorBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc</pre>
 * On JDK 17 add {@code -p engine=thread} (no native continuations there).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class GeneratorBenchmark {

    static final int PULLS = 1000;

    @Param({"native", "thread"})
    public String engine;

    private Generator<Integer> generator;
    private Iterator<Integer> iterator;

    @Setup
    public void setUp() {
        ContinuationEngine e = engine.equals("native") ? ContinuationEngine.nativeEngine() : ContinuationEngine.threadEngine();
        generator = Generator.of(e, out -> {
            for (int i = 0; ; i++) {
                out.yield(i & 127);          // small values: Integer's cache, so no boxing garbage
            }
        });
        iterator = new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return i++ & 127;
            }
        };
    }

    @TearDown
    public void tearDown() {
        generator.close();
    }

    @Benchmark
    public Integer generatorNext() {
        return generator.next();
    }

    /**
     * The same pulls made from a virtual thread ({@value #PULLS} per invocation, the thread's
     * start spread over them): for the thread engine, a hand-over between two virtual threads.
     */
    @Benchmark
    @OperationsPerInvocation(PULLS)
    public int generatorNextFromVirtualThread() throws Exception {
        return VirtualThreads.call(() -> {
            int sum = 0;
            for (int i = 0; i < PULLS; i++) {
                sum += generator.next();
            }
            return sum;
        });
    }

    @Benchmark
    public Integer iteratorNext() {
        return iterator.next();
    }
}
