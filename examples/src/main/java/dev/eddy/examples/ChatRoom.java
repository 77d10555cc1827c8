package dev.eddy.examples;

import dev.eddy.IOLoop;
import dev.eddy.LoopStats;
import dev.eddy.Timeout;
import dev.eddy.http.websocket.CloseCodes;
import dev.eddy.http.websocket.WebSocket;
import dev.eddy.http.websocket.WebSocketMessage;
import dev.eddy.net.BufferFullException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat room behind {@link Chat}: who is connected, and the fan-out of every message to all
 * of them. Once a second, while anyone is connected, it also sends everyone a snapshot of the
 * loop the room runs on (connections, messages per second, how late the loop's timer ran,
 * callbacks per second, the share of time it was busy), which the page draws as a chart.
 *
 * <p>The room lives on one loop: every member's {@link WebSocket} is on it, so the member map is
 * a plain map and a broadcast is a plain loop over it, with no lock anywhere. Loop thread only;
 * {@link Chat} runs a single loop for this reason (with several loops each would need its own
 * room and a hand-off between them).
 *
 * <p>A member whose browser does not keep up is not allowed to make the server buffer without
 * bound: a send that finds its output full fails, and the room closes that member (1008)
 * rather than wait for it (the "drop the slow reader" rule of chapter 8).
 */
final class ChatRoom {

    /** How often the loop's figures are sent. */
    static final long STATS_PERIOD_NANOS = 1_000_000_000L;

    private final IOLoop loop;
    private final Map<WebSocket, String> members = new LinkedHashMap<>();
    private int guests;
    private long messages;

    // the previous snapshot, to turn counters into rates
    private Timeout statsTimer;
    private long expectedTick;
    private long lastTickAt;
    private long lastMessages;
    private LoopStats lastStats;

    ChatRoom(IOLoop loop) {
        this.loop = loop;
    }

    /** A new connection joins: it gets a name, then every message it sends goes to everyone. */
    void join(WebSocket ws) {
        loop.checkLoopThread("ChatRoom.join");
        if (ws.loop() != loop) {
            throw new IllegalStateException("a chat room serves the connections of its own loop only");
        }
        String name = "guest-" + (++guests);
        members.put(ws, name);
        ws.send("{\"type\":\"welcome\",\"name\":" + Json.string(name) + "}");
        if (statsTimer == null) {
            startStats();
        }
        ws.closed().whenComplete((status, failure) -> leave(ws));
        listen(ws, name);
    }

    /** Receives the member's next message, sends it to everyone, and again, until it leaves. */
    private void listen(WebSocket ws, String name) {
        ws.receive().whenComplete((message, closed) -> {
            if (closed != null) {
                return;         // gone: closed() removes it
            }
            if (message instanceof WebSocketMessage.Text t && !t.text().isBlank()) {
                broadcast("{\"type\":\"chat\",\"from\":" + Json.string(name) + ",\"text\":" + Json.string(t.text().strip()) + "}");
            }
            listen(ws, name);
        });
    }

    /** A chat message for every member; counted in the messages per second. */
    void broadcast(String json) {
        messages++;
        sendToAll(json);
    }

    /** Sends {@code json} to every member; one whose output is full is closed, not waited for. */
    private void sendToAll(String json) {
        for (WebSocket ws : List.copyOf(members.keySet())) {      // a close may remove a member meanwhile
            if (ws.isClosing()) {
                continue;
            }
            ws.send(json).whenComplete((sent, failure) -> {
                if (failure instanceof BufferFullException) {
                    ws.close(CloseCodes.POLICY_VIOLATION, "too slow to keep up with the room");
                }
            });
        }
    }

    private void leave(WebSocket ws) {
        members.remove(ws);
        if (members.isEmpty() && statsTimer != null) {
            statsTimer.cancel();        // nobody is watching: no timer at all
            statsTimer = null;
        }
    }

    /** The number of members; what the page shows as connections. */
    int size() {
        return members.size();
    }

    // ------------------------------------------------------------------ the loop's figures

    private void startStats() {
        lastTickAt = loop.time();
        lastMessages = messages;
        lastStats = loop.stats();
        scheduleTick();
    }

    private void scheduleTick() {
        expectedTick = loop.time() + STATS_PERIOD_NANOS;
        statsTimer = loop.callLater(STATS_PERIOD_NANOS, this::tick);
    }

    /**
     * Once a second: the rates since the last tick, and how late this very timer ran (the lag
     * a message would have waited too: a loop that something blocks runs every timer late).
     */
    private void tick() {
        long now = loop.time();
        LoopStats stats = loop.stats();
        double seconds = (now - lastTickAt) / 1e9;
        double lagMillis = Math.max(0, now - expectedTick) / 1e6;
        String json = "{\"type\":\"stats\""
                + ",\"connections\":" + members.size()
                + ",\"messagesPerSecond\":" + rate(messages - lastMessages, seconds)
                + ",\"lagMillis\":" + round(lagMillis)
                + ",\"worstLagMillis\":" + round(stats.worstTimerLagNanos() / 1e6)
                + ",\"callbacksPerSecond\":" + rate(stats.callbacksRun() - lastStats.callbacksRun(), seconds)
                + ",\"busyPercent\":" + round(100.0 * (stats.busyNanos() - lastStats.busyNanos()) / (now - lastTickAt))
                + "}";
        lastTickAt = now;
        lastMessages = messages;
        lastStats = stats;
        scheduleTick();
        sendToAll(json);
    }

    private static long rate(long count, double seconds) {
        return seconds <= 0 ? 0 : Math.round(count / seconds);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
