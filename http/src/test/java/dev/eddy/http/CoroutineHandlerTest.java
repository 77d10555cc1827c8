package dev.eddy.http;

import dev.eddy.Futures;
import dev.eddy.gen.Coroutine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A coroutine is a handler: it reads top to bottom, awaiting the body and a "backend". */
class CoroutineHandlerTest {

    @Test
    void coroutineHandlerAwaitsBodyAndBackendThenResponds() throws Exception {
        HttpHandler handler = request -> Coroutine.async(request.loop(), () -> {
            byte[] body = Coroutine.await(request.body().readAll());
            String backend = Coroutine.await(Futures.sleep(request.loop(), Duration.ofMillis(5)).map(v -> "backend"));
            return HttpResponse.text(200, backend + " saw " + new String(body, StandardCharsets.UTF_8));
        });
        try (ServerFixture f = new ServerFixture(handler); RawClient c = f.client()) {
            for (int i = 0; i < 3; i++) {
                c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nh" + i);
                assertThat(c.read().text()).isEqualTo("backend saw h" + i);
            }
        }
    }

    /**
     * The handler's first step runs inside the connection's IO handler; the coroutine then
     * suspends and is resumed from a loop callback. On JDK 24+ with native continuations this
     * hung the loop while IO handlers ran inside {@code Selector.select(Consumer)} (the
     * selector's monitors were held across the suspension). Many requests, kept alive and
     * pipelined, so a hang or a crash cannot hide.
     */
    @Test
    void manyRequestsEachSuspendingTheirCoroutine() throws Exception {
        HttpHandler handler = request -> Coroutine.async(request.loop(), () -> {
            Coroutine.await(Futures.moment(request.loop()));
            return HttpResponse.text(200, request.path());
        });
        try (ServerFixture f = new ServerFixture(handler); RawClient c = f.client()) {
            for (int i = 0; i < 200; i++) {
                assertThat(c.get("/k" + i).text()).isEqualTo("/k" + i);
            }
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                pipelined.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            }
            c.send(pipelined.toString());
            for (int i = 0; i < 50; i++) {
                assertThat(c.read().text()).isEqualTo("/p" + i);
            }
        }
    }
}
