package dev.eddy.testing;

import dev.eddy.IOLoop;
import dev.eddy.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One direction of a simulated connection: what one {@link SimulatedTransport} has written
 * and its peer has not read yet. Its two queues are the two halves of a kernel's buffers:
 * pieces <em>in flight</em>, each due to arrive at a virtual time, and pieces that have
 * <em>arrived</em> and wait to be read. Both count against one capacity, so a reader that
 * stops reading (or a stalled direction) makes the writer's {@code write} take less and then
 * nothing: back-pressure, as with TCP's window.
 *
 * <p>Order is kept the way TCP keeps it: a piece never arrives before one written earlier in
 * the same direction, and the end of the stream (FIN) or a reset travels behind the bytes
 * sent before it. One timer per direction, armed for the next arrival.
 *
 * <p>Every random decision (where a write is cut, how late a piece is, whether a read takes
 * one piece or several) is drawn from the network's one seeded source, in the order the
 * loop makes them: that is what makes a seed replay. Loop thread only.
 */
final class SimulatedFlow {

    private static final byte DATA = 0;
    private static final byte FIN = 1;
    private static final byte RESET = 2;

    /**
     * A piece of a write, {@code data[position..end)} (the write's bytes are copied once, and
     * its pieces share them), or the end of the stream, or a reset; and when it arrives.
     */
    private static final class Piece {
        final byte kind;
        final byte[] data;
        int position;
        final int end;
        final long arrivesAt;

        Piece(byte kind, byte[] data, int position, int end, long arrivesAt) {
            this.kind = kind;
            this.data = data;
            this.position = position;
            this.end = end;
            this.arrivesAt = arrivesAt;
        }

        int remaining() {
            return end - position;
        }
    }

    private static final byte[] NO_BYTES = new byte[0];

    private final SimulatedNetwork net;
    private final IOLoop loop;
    private final SimulatedTransport from;
    private final SimulatedTransport to;
    /** "c3&gt;" from client to server, "c3&lt;" back: the prefix of this direction's trace lines. */
    private final String label;
    private final int capacity;
    private final long stallFrom;
    private final long stallUntil;
    private final ArrayDeque<Piece> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Piece> arrived = new ArrayDeque<>();
    private final Runnable arrive = this::arriveDue;
    /** Data bytes in flight or arrived and not read: what counts against the capacity. */
    private int held;
    private long lastArrival;
    private Timeout timer;
    private boolean finArrived;

    SimulatedFlow(SimulatedNetwork net, SimulatedTransport from, SimulatedTransport to, String label, int capacity,
                  long stallFrom, long stallUntil) {
        this.net = net;
        this.loop = net.loop();
        this.from = from;
        this.to = to;
        this.label = label;
        this.capacity = capacity;
        this.stallFrom = stallFrom;
        this.stallUntil = stallUntil;
        this.lastArrival = loop.time();
        if (stallUntil > stallFrom) {
            net.log.add(label, "will stall from " + net.log.at(stallFrom) + " to " + net.log.at(stallUntil));
        }
    }

    /** How many more bytes the writer may send now. */
    int room() {
        return capacity - held;
    }

    /** True when a read would return something: bytes, the end of the stream. */
    boolean readable() {
        return !arrived.isEmpty() || finArrived;
    }

    /** True when bytes have arrived that nobody read (closing now would be abortive). */
    boolean hasUnreadBytes() {
        return !arrived.isEmpty();
    }

    // ------------------------------------------------------------------ the writer's side

    /** Sends {@code bytes} (already taken by the writer), cut into pieces that arrive one by one. */
    void send(byte[] bytes) {
        held += bytes.length;
        int offset = 0;
        while (offset < bytes.length) {
            int n = net.pieceSize(bytes.length - offset);
            Piece p = new Piece(DATA, bytes, offset, offset + n, arrivalTime());
            inFlight.addLast(p);
            net.log.add(label, "sent #", n, p.arrivesAt);
            offset += n;
        }
        armTimer();
    }

    /** The writer shut down its output (or closed): the end of the stream follows its bytes. */
    void sendFin() {
        Piece p = new Piece(FIN, NO_BYTES, 0, 0, arrivalTime());
        inFlight.addLast(p);
        net.log.add(label, "FIN sent", -1, p.arrivesAt);
        armTimer();
    }

    /** The writer's side was reset: the reader learns it when this arrives, behind what was sent before. */
    void sendReset() {
        Piece p = new Piece(RESET, NO_BYTES, 0, 0, arrivalTime());
        inFlight.addLast(p);
        net.log.add(label, "RST sent", -1, p.arrivesAt);
        armTimer();
    }

    /** When the next piece arrives: a random delay, never before the previous piece, never inside the stall. */
    private long arrivalTime() {
        long at = Math.max(lastArrival, loop.time() + net.delay());
        if (at >= stallFrom && at < stallUntil) {
            at = stallUntil;
        }
        lastArrival = at;
        return at;
    }

    private void armTimer() {
        if (timer == null && !inFlight.isEmpty()) {
            timer = loop.callAt(inFlight.peekFirst().arrivesAt, arrive);
        }
    }

    // ------------------------------------------------------------------ arrival

    private void arriveDue() {
        timer = null;
        long now = loop.time();
        Piece p;
        while ((p = inFlight.peekFirst()) != null && p.arrivesAt - now <= 0) {
            inFlight.pollFirst();
            arrive(p);
        }
        armTimer();
    }

    private void arrive(Piece p) {
        if (to.isReset() || to.isClosed()) {
            held -= p.remaining();          // nobody will read it
            net.log.add(label, describe(p) + " dropped: " + to.side() + " is " + (to.isReset() ? "reset" : "closed"));
            if (p.kind == DATA && !to.isReset()) {
                to.refuse();                // bytes to a closed socket are answered with a reset
            }
            from.signal();
            return;
        }
        switch (p.kind) {
            case DATA -> {
                arrived.addLast(p);
                net.log.add(label, "arrived #", p.remaining());
            }
            case FIN -> {
                finArrived = true;
                net.log.add(label, "FIN arrived");
            }
            default -> {
                net.log.add(label, "RST arrived");
                to.resetArrived();
            }
        }
        to.signal();
    }

    private static String describe(Piece p) {
        return p.kind == DATA ? p.remaining() + " bytes" : p.kind == FIN ? "FIN" : "RST";
    }

    // ------------------------------------------------------------------ the reader's side

    /**
     * Reads into {@code dst}: the bytes of the first arrived piece, and with a split network
     * perhaps of the next ones too; -1 once only the end of the stream is left; 0 when nothing
     * has arrived.
     */
    int read(ByteBuffer dst) {
        int total = 0;
        Piece p;
        while (dst.hasRemaining() && (p = arrived.peekFirst()) != null) {
            int n = Math.min(dst.remaining(), p.remaining());
            dst.put(p.data, p.position, n);
            p.position += n;
            total += n;
            if (p.remaining() == 0) {
                arrived.pollFirst();
            }
            if (!net.readOnInto()) {
                break;
            }
        }
        if (total > 0) {
            held -= total;
            net.log.add(label, "read #", total);
            from.signal();                  // room again: the writer may be waiting for OP_WRITE
            return total;
        }
        return finArrived ? -1 : 0;
    }

    /** Throws away everything in this direction and stops its timer (a reset, or both sides closed). */
    void discard() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        int dropped = held;
        inFlight.clear();
        arrived.clear();
        held = 0;
        if (dropped > 0) {
            net.log.add(label, "# unread bytes discarded", dropped);
        }
        from.signal();
    }

    /** Throws away what has arrived and nobody will read (the reader closed); what is in flight still comes. */
    void discardArrived() {
        for (Piece p : arrived) {
            held -= p.remaining();
        }
        arrived.clear();
        from.signal();
    }

    @Override
    public String toString() {
        return label + "[" + held + " of " + capacity + " bytes held, " + inFlight.size() + " pieces in flight]";
    }
}
