package dev.eddy.gen;

import dev.eddy.IOLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Inside a coroutine, loop-only APIs work on both engines: on the thread engine the body
 * thread stands in for the loop thread ({@link IOLoop#beginStandIn}) while the loop waits.
 */
class LoopStandInTest {

    @ParameterizedTest
    @MethodSource("dev.eddy.gen.Engines#names")
    void loopOnlyApisWorkInsideACoroutine(String engineName) throws IOException {
        ContinuationEngine engine = Engines.get(engineName);
        Pipe pipe = Pipe.open();
        try (IOLoop loop = new IOLoop(); Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            String r = loop.runSync(() -> Coroutine.async(loop, engine, () -> {
                loop.checkLoopThread("test");
                loop.readBuffer();
                loop.register(source, SelectionKey.OP_READ, ops -> { }).close();
                Coroutine.sleep(Duration.ofMillis(1));
                loop.checkLoopThread("test after a suspension");
                return IOLoop.current() == loop ? "ok" : "wrong loop";
            }), Duration.ofSeconds(5));
            assertThat(r).isEqualTo("ok");
        }
    }

    @Test
    void standingInIsOnlyForTheThreadTheLoopWaitsFor() {
        try (IOLoop loop = new IOLoop()) {
            assertThatThrownBy(() -> loop.beginStandIn(Thread.currentThread()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not the thread of loop");
            assertThatThrownBy(() -> loop.endStandIn(Thread.currentThread()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not standing in");
        }
    }
}
