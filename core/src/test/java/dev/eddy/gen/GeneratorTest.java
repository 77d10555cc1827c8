package dev.eddy.gen;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Generator}: Python's generator protocol, on both engines. */
class GeneratorTest {

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void yieldsValuesLazilyAndIsIterable(String engineName) {
        List<String> log = new ArrayList<>();
        Generator<Integer> g = Generator.of(Engines.get(engineName), out -> {
            for (int i = 1; i <= 3; i++) {
                log.add("yield " + i);
                out.yield(i * i);
            }
            log.add("end");
        });
        assertThat(log).isEmpty();                  // nothing runs before the first pull
        List<Integer> values = new ArrayList<>();
        for (int v : g) {
            values.add(v);
            log.add("got " + v);
        }
        assertThat(values).containsExactly(1, 4, 9);
        assertThat(log).containsExactly("yield 1", "got 1", "yield 2", "got 4", "yield 3", "got 9", "end");
        assertThat(g.isDone()).isTrue();
        assertThatThrownBy(g::next).isInstanceOf(NoSuchElementException.class);
        assertThat(g.iterator()).isSameAs(g);
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void hasNextIsIdempotentAndNullIsAValue(String engineName) {
        Generator<String> g = Generator.of(Engines.get(engineName), out -> {
            out.yield(null);
            out.yield("b");
        });
        assertThat(g.hasNext()).isTrue();
        assertThat(g.hasNext()).isTrue();
        assertThat(g.next()).isNull();
        assertThat(g.next()).isEqualTo("b");
        assertThat(g.hasNext()).isFalse();
        assertThat(g.hasNext()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void sendMakesThePendingYieldReturnAValue(String engineName) {
        List<Object> received = new ArrayList<>();
        Generator<Integer> runningTotal = Generator.of(Engines.get(engineName), out -> {
            int total = 0;
            while (true) {
                Object x = out.yield(total);
                received.add(x);
                total += x == null ? 0 : (Integer) x;
            }
        });
        assertThat(runningTotal.send(null)).isZero();       // starts it
        assertThat(runningTotal.send(5)).isEqualTo(5);
        assertThat(runningTotal.send(10)).isEqualTo(15);
        assertThat(runningTotal.next()).isEqualTo(15);       // next() sends null
        assertThat(received).containsExactly(5, 10, null);
        runningTotal.close();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void sendMisuseIsAClearError(String engineName) {
        Generator<Integer> g = Generator.of(Engines.get(engineName), out -> {
            out.yield(1);
            out.yield(2);
        });
        assertThatThrownBy(() -> g.send("too early")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not started");
        assertThat(g.hasNext()).isTrue();
        assertThatThrownBy(() -> g.send("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still waiting");
        assertThat(g.next()).isEqualTo(1);
        assertThat(g.send("x")).isEqualTo(2);
        assertThatThrownBy(() -> g.send("y")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> g.send("z")).isInstanceOf(NoSuchElementException.class);
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void throwInRaisesAtTheYieldAndTheBodyMayCatchIt(String engineName) {
        Generator<String> g = Generator.of(Engines.get(engineName), out -> {
            while (true) {
                try {
                    out.yield("working");
                } catch (IllegalArgumentException e) {
                    out.yield("recovered from " + e.getMessage());
                }
            }
        });
        assertThat(g.next()).isEqualTo("working");
        assertThat(g.throwIn(new IllegalArgumentException("bad input"))).isEqualTo("recovered from bad input");
        assertThat(g.next()).isEqualTo("working");
        g.close();
        assertThat(g.isDone()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void anUncaughtThrownInExceptionComesBackOutCheckedOrNot(String engineName) {
        List<String> log = new ArrayList<>();
        Generator<Integer> g = Generator.of(Engines.get(engineName), out -> {
            try {
                out.yield(1);
            } finally {
                log.add("finally");
            }
        });
        g.next();
        IOException io = new IOException("disk gone");
        assertThatThrownBy(() -> g.throwIn(io)).isSameAs(io);
        assertThat(log).containsExactly("finally");
        assertThat(g.isDone()).isTrue();
        assertThatThrownBy(() -> g.throwIn(new IllegalStateException("late"))).hasMessage("late");
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void throwInBeforeStartFinishesWithoutRunning(String engineName) {
        List<String> log = new ArrayList<>();
        Generator<Integer> g = Generator.of(Engines.get(engineName), out -> log.add("ran"));
        assertThatThrownBy(() -> g.throwIn(new IllegalStateException("stop"))).hasMessage("stop");
        assertThat(g.isDone()).isTrue();
        assertThat(log).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void throwInThenTheBodyEndsIsNoSuchElement(String engineName) {
        Generator<Integer> g = Generator.of(Engines.get(engineName), out -> {
            try {
                out.yield(1);
            } catch (IllegalArgumentException e) {
                // swallowed, then the body ends
            }
        });
        g.next();
        assertThatThrownBy(() -> g.throwIn(new IllegalArgumentException())).isInstanceOf(NoSuchElementException.class);
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void closeRunsFinallyOfAnUnfinishedGenerator(String engineName) {
        List<String> log = new ArrayList<>();
        Generator<Integer> g = Generator.of(Engines.get(engineName), out -> {
            try {
                for (int i = 0; ; i++) {
                    out.yield(i);
                }
            } finally {
                log.add("released");
            }
        });
        try (g) {
            assertThat(g.next()).isZero();
            assertThat(g.next()).isOne();
        }
        assertThat(log).containsExactly("released");
        assertThat(g.isDone()).isTrue();
        assertThat(g.hasNext()).isFalse();
        g.close();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void anExceptionOfTheBodyComesOutOfNext(String engineName) {
        Generator<Integer> g = Generator.of(Engines.get(engineName), out -> {
            out.yield(1);
            throw new ArithmeticException("overflow");
        });
        assertThat(g.next()).isOne();
        assertThatThrownBy(g::next).isInstanceOf(ArithmeticException.class).hasMessage("overflow");
        assertThat(g.hasNext()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void generatorsNest(String engineName) {
        ContinuationEngine engine = Engines.get(engineName);
        Generator<Integer> evens = Generator.of(engine, out -> {
            for (int i = 0; i < 6; i += 2) {
                out.yield(i);
            }
        });
        Generator<String> labels = Generator.of(engine, out -> {
            for (int e : evens) {           // a generator iterated inside another's body
                out.yield("even " + e);
            }
        });
        List<String> all = new ArrayList<>();
        labels.forEach(all::add);
        assertThat(all).containsExactly("even 0", "even 2", "even 4");
        assertThat(labels.engine()).isSameAs(engine);
        assertThat(labels.toString()).contains("done");
    }
}
