package dev.eddy.http;

import java.nio.ByteBuffer;

/**
 * The bytes a connection has read but cannot consume yet: the start of a request head that
 * has not fully arrived, the next pipelined requests while a handler works, body bytes the
 * handler has not asked for. Null (no buffer at all) when there are none, which is the
 * usual state of an idle keep-alive connection: reads go to the loop's shared buffer, and
 * only leftovers are copied here.
 *
 * <p>Loop thread only.
 */
final class HeldInput {

    /** Unconsumed bytes between position and limit (read mode), or null. */
    private ByteBuffer held;

    boolean isEmpty() {
        return held == null;
    }

    /** How many bytes are held. */
    int size() {
        return held == null ? 0 : held.remaining();
    }

    /** The held bytes, to be consumed in place (position advances); null when none. */
    ByteBuffer bytes() {
        return held;
    }

    /** Appends freshly read bytes and returns the buffer holding everything to process. */
    ByteBuffer append(ByteBuffer more) {
        if (held.capacity() - held.remaining() < more.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(held.capacity() * 2, held.remaining() + more.remaining()));
            bigger.put(held).put(more).flip();
            held = bigger;
        } else {
            held.compact();
            held.put(more).flip();
        }
        return held;
    }

    /** Copies what is left of {@code rest} (the loop's shared buffer) to keep it. */
    void keep(ByteBuffer rest) {
        held = ByteBuffer.allocate(Math.max(rest.remaining(), 512));
        held.put(rest).flip();
    }

    /** Drops the buffer once everything in it has been consumed. */
    void releaseIfConsumed() {
        if (held != null && !held.hasRemaining()) {
            held = null;
        }
    }

    void clear() {
        held = null;
    }
}
