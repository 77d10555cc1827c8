package dev.eddy.http;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dev.eddy.HttpRequest} Flight Recorder event, read back in-process from a
 * {@link RecordingStream}: one per answered request, with method, path, status and duration.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class HttpRequestEventTest {

    @Test
    void everyAnsweredRequestIsRecordedWithMethodPathStatusAndDuration() throws Exception {
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        try (RecordingStream stream = new RecordingStream();
             ServerFixture f = new ServerFixture(new Router()
                     .get("/hello", r -> r.respond(HttpResponse.text(200, "hi")))
                     .post("/items", r -> r.respond(HttpResponse.text(201, "made"))));
             RawClient c = f.client()) {
            stream.setReuse(false);         // the events are kept past the callback
            stream.enable("dev.eddy.HttpRequest").withoutThreshold();     // 20 ms by default: every request here
            stream.onEvent("dev.eddy.HttpRequest", e -> {
                if (e.getString("path").startsWith("/")) {
                    seen.add(e);
                    three.countDown();
                }
            });
            CountDownLatch started = new CountDownLatch(1);
            stream.onFlush(started::countDown);
            stream.startAsync();
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

            assertThat(c.get("/hello?x=1").status()).isEqualTo(200);
            c.send("POST /items HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(c.read().status()).isEqualTo(201);
            assertThat(c.get("/nowhere").status()).isEqualTo(404);

            assertThat(three.await(20, TimeUnit.SECONDS)).as("events seen: " + seen).isTrue();
            assertThat(seen).extracting(e -> e.getString("method") + " " + e.getString("path") + " " + e.getInt("status"))
                    .containsExactlyInAnyOrder("GET /hello 200", "POST /items 201", "GET /nowhere 404");
            assertThat(seen).allSatisfy(e -> assertThat(e.getDuration()).isPositive());
        }
    }
}
