package dev.eddy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of a future's waiting done-callbacks: nothing, the one callback itself (no list
 * allocated for the common case), a list from the second on, read back in the order added;
 * the first one's class for the Flight Recorder.
 */
class DoneCallbacksTest {

    @Test
    void oneCallbackIsKeptAsItselfAndASecondMakesAListInOrder() {
        List<String> ran = new ArrayList<>();
        Consumer<Future<?>> first = f -> ran.add("first");
        Consumer<Future<?>> second = f -> ran.add("second");
        Consumer<Future<?>> third = f -> ran.add("third");

        Object slot = DoneCallbacks.add(null, first);
        assertThat(slot).isSameAs(first);
        slot = DoneCallbacks.add(slot, second);
        assertThat(slot).isNotSameAs(first).isNotSameAs(second);
        Object list = slot;
        slot = DoneCallbacks.add(slot, third);
        assertThat(slot).isSameAs(list);             // later ones join the same list

        assertThat(DoneCallbacks.count(slot)).isEqualTo(3);
        for (int i = 0; i < DoneCallbacks.count(slot); i++) {
            @SuppressWarnings("unchecked")
            Consumer<Future<?>> cb = (Consumer<Future<?>>) DoneCallbacks.get(slot, i);
            cb.accept(null);
        }
        assertThat(ran).containsExactly("first", "second", "third");
        assertThat(DoneCallbacks.count(null)).isZero();
        assertThat(DoneCallbacks.count(first)).isEqualTo(1);
        assertThat(DoneCallbacks.get(first, 0)).isSameAs(first);
    }

    @Test
    void theFirstCallbacksClassNamesADelivery() {
        Consumer<Future<?>> first = new Named();
        assertThat(DoneCallbacks.firstClass(null)).isNull();
        assertThat(DoneCallbacks.firstClass(first)).isEqualTo(Named.class);
        assertThat(DoneCallbacks.firstClass(DoneCallbacks.add(first, f -> { }))).isEqualTo(Named.class);
    }

    private static final class Named implements Consumer<Future<?>> {
        @Override
        public void accept(Future<?> f) {
        }
    }
}
