package dev.eddy.examples;

import dev.eddy.IOLoop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chat example in a real browser: headless Chromium opens the page twice, a message typed
 * into one page appears in the other, and the loop's figures reach the page every second. The
 * browser is driven through its DevTools protocol over Eddy's own WebSocket client
 * ({@link DevTools}). A screenshot of the second page goes to {@code target/chat.png} (and to
 * the path in {@code -Deddy.screenshot}, which is how docs/images/chat.png is made).
 *
 * <p>Not part of the default build (tag {@code browser}): {@code mvn -pl examples -am verify
 * -Pbrowser} runs it, and CI does after the main build. Without a Chromium on the PATH it is
 * skipped, saying so.
 */
@Tag("browser")
class ChatBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aMessageTypedInOnePageAppearsInTheOtherAndTheLoopIsDrawnLive() throws Exception {
        Path executable = Chromium.find().orElse(null);
        assumeTrue(executable != null, "no chromium on the PATH (Debian: apt-get install chromium); browser test skipped");
        RunningServer running = Chat.start(Chat.CLI.parse("--port", "0"));
        String url = "http://127.0.0.1:" + running.address().getPort() + "/";
        try (Chromium browser = Chromium.start(executable, WAIT); IOLoop loop = new IOLoop()) {
            DevTools devtools = loop.runSync(() -> DevTools.connect(loop, browser.devtools()), WAIT);
            String first = open(loop, devtools, url);
            String second = open(loop, devtools, url);
            waitUntil(loop, devtools, first, "document.getElementById('status').textContent.startsWith('connected as')");
            waitUntil(loop, devtools, second, "document.getElementById('status').textContent.startsWith('connected as')");

            say(loop, devtools, first, "hello from the first page");
            waitUntil(loop, devtools, second, shows("hello from the first page"));
            waitUntil(loop, devtools, first, shows("hello from the first page"));     // the sender sees it too
            say(loop, devtools, second, "and hello back from the second");
            waitUntil(loop, devtools, first, shows("and hello back from the second"));

            // the figures: a few seconds of them, the chart drawn, both pages counted
            waitUntil(loop, devtools, second, "series.callbacksPerSecond.length >= 6"
                    + " && document.getElementById('connections').textContent === '2'");
            String png = DevTools.field(loop.runSync(() -> devtools.call("Page.captureScreenshot",
                    "{\"format\":\"png\"}", second), WAIT), "data");
            byte[] image = Base64.getDecoder().decode(png);
            assertThat(image).startsWith(0x89, 'P', 'N', 'G');
            Files.write(Path.of("target", "chat.png"), image);
            String copy = System.getProperty("eddy.screenshot");
            if (copy != null && !copy.isBlank()) {
                Files.write(Path.of(copy), image);
            }
            loop.runSync(devtools::close, WAIT);
        } finally {
            running.stop();
        }
    }

    /** Opens {@code url} in a new page of a fixed size and waits for it to load; returns its DevTools session. */
    private static String open(IOLoop loop, DevTools devtools, String url) {
        String target = DevTools.field(loop.runSync(() -> devtools.call("Target.createTarget",
                "{\"url\":\"about:blank\"}", null), WAIT), "targetId");
        String session = DevTools.field(loop.runSync(() -> devtools.call("Target.attachToTarget",
                "{\"targetId\":\"" + target + "\",\"flatten\":true}", null), WAIT), "sessionId");
        loop.runSync(() -> devtools.call("Page.enable", "{}", session), WAIT);
        loop.runSync(() -> devtools.call("Emulation.setDeviceMetricsOverride",
                "{\"width\":1000,\"height\":520,\"deviceScaleFactor\":1,\"mobile\":false}", session), WAIT);
        var loaded = devtools.nextEvent("Page.loadEventFired", session);
        loop.runSync(() -> devtools.call("Page.navigate", "{\"url\":" + DevTools.quote(url) + "}", session), WAIT);
        loop.runSync(() -> loaded, WAIT);
        return session;
    }

    /** Types {@code text} into the page's box and presses its button, as a person would. */
    private static void say(IOLoop loop, DevTools devtools, String session, String text) {
        evaluate(loop, devtools, session, "document.getElementById('text').value = " + DevTools.quote(text)
                + "; document.getElementById('send').click(); true");
    }

    private static String shows(String text) {
        return "[...document.querySelectorAll('#messages li')].some(li => li.textContent.includes("
                + DevTools.quote(text) + "))";
    }

    /**
     * Waits until {@code condition} (a JavaScript expression) is true in the page: the page
     * checks it every 50 ms and answers once it holds; the deadline is this side's.
     */
    private static void waitUntil(IOLoop loop, DevTools devtools, String session, String condition) {
        evaluate(loop, devtools, session, "new Promise(resolve => { const check = () => (" + condition
                + ") ? resolve(true) : setTimeout(check, 50); check(); })");
    }

    private static void evaluate(IOLoop loop, DevTools devtools, String session, String expression) {
        String answer = loop.runSync(() -> devtools.call("Runtime.evaluate", "{\"expression\":" + DevTools.quote(expression)
                + ",\"awaitPromise\":true,\"returnByValue\":true}", session), WAIT);
        assertThat(answer).as("evaluating %s", expression).doesNotContain("\"exceptionDetails\"").contains("\"value\":true");
    }
}
