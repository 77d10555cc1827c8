package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.http.websocket.WebSocket;
import dev.eddy.http.websocket.WebSocketClient;
import dev.eddy.http.websocket.WebSocketMessage;
import dev.eddy.http.websocket.WebSocketOptions;
import dev.eddy.http.wire.HttpHeaders;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chromium's DevTools protocol spoken over Eddy's own WebSocket client: how a test drives a
 * real browser with no library beyond the JDK. A command is a JSON text message with an id
 * ({@code {"id":7,"method":"Runtime.evaluate","params":{...},"sessionId":"..."}}), its answer
 * a message with the same id; everything else the browser sends is an event
 * ({@code {"method":"Page.loadEventFired",...}}).
 *
 * <p>JSON is read with a few patterns, not parsed: the browser writes its answers in a fixed
 * shape (the id first, events start with their method), and a test only ever needs a field or
 * two of them. Test code only; loop thread only, like the WebSocket underneath.
 */
final class DevTools {

    private static final Pattern ANSWER_ID = Pattern.compile("^\\{\"id\":(\\d+),");

    private final IOLoop loop;
    private final WebSocket ws;
    private final Map<Integer, Promise<String>> answers = new HashMap<>();
    private final List<EventWaiter> eventWaiters = new ArrayList<>();
    private int nextId;

    private record EventWaiter(String method, String sessionId, Promise<String> promise) {
    }

    private DevTools(IOLoop loop, WebSocket ws) {
        this.loop = loop;
        this.ws = ws;
        dispatch();
    }

    /** Connects to the browser's endpoint; answers as large as a screenshot fit. */
    static Future<DevTools> connect(IOLoop loop, URI endpoint) {
        WebSocketOptions options = WebSocketOptions.defaults().withMaxFrameBytes(64 << 20).withMaxMessageBytes(64 << 20);
        return WebSocketClient.connect(loop, endpoint, new HttpHeaders(), options).map(ws -> new DevTools(loop, ws));
    }

    /**
     * Sends a command ({@code params} is a JSON object, {@code sessionId} null for the browser
     * itself) and completes with the whole answer; fails when the browser answers an error.
     */
    Future<String> call(String method, String params, String sessionId) {
        int id = ++nextId;
        Promise<String> answer = new Promise<>(loop);
        answers.put(id, answer);
        ws.send("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params
                + (sessionId == null ? "" : ",\"sessionId\":\"" + sessionId + "\"") + "}");
        return answer;
    }

    /** The next event {@code method} for {@code sessionId}; ask before doing what causes it. */
    Future<String> nextEvent(String method, String sessionId) {
        Promise<String> event = new Promise<>(loop);
        eventWaiters.add(new EventWaiter(method, sessionId, event));
        return event;
    }

    Future<?> close() {
        return ws.close();
    }

    /** Reads messages for as long as the connection lasts and hands each to whoever waits for it. */
    private void dispatch() {
        ws.receive().whenComplete((message, closed) -> {
            if (closed != null) {
                answers.values().forEach(p -> p.tryFail(closed));
                eventWaiters.forEach(w -> w.promise().tryFail(closed));
                return;
            }
            String text = ((WebSocketMessage.Text) message).text();
            Matcher id = ANSWER_ID.matcher(text);
            if (id.find()) {
                Promise<String> answer = answers.remove(Integer.parseInt(id.group(1)));
                if (answer != null && text.contains("\"error\":{")) {
                    answer.fail(new IllegalStateException("DevTools error: " + text));
                } else if (answer != null) {
                    answer.complete(text);
                }
            } else {
                for (Iterator<EventWaiter> it = eventWaiters.iterator(); it.hasNext(); ) {
                    EventWaiter w = it.next();
                    if (text.startsWith("{\"method\":\"" + w.method() + "\"")
                            && (w.sessionId() == null || text.contains("\"sessionId\":\"" + w.sessionId() + "\""))) {
                        it.remove();
                        w.promise().complete(text);
                        break;
                    }
                }
            }
            dispatch();
        });
    }

    /** The string field {@code name} of a JSON answer (one without escapes: ids, base64). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"\\\\]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no \"" + name + "\" in " + json);
        }
        return m.group(1);
    }

    /** A Java string as a JSON string literal (for expressions sent to evaluate). */
    static String quote(String s) {
        return Json.string(s);
    }
}
