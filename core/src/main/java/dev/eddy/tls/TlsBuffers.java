package dev.eddy.tls;

import dev.eddy.IOLoop;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The buffers TLS needs, arranged so that an idle connection holds none of them.
 *
 * <p>An {@link javax.net.ssl.SSLEngine} works record by record: a record is up to 16 KiB of
 * plaintext, sealed, with a 5-byte header in front (up to about 16.7 KiB on the wire). So a
 * connection seems to need a ciphertext buffer each way plus a plaintext one, 16-32 KiB each.
 * But a loop runs one handler at a time, so all connections of a loop can share one set of
 * <em>scratch</em> buffers (one object per loop, found through {@link #of(IOLoop)}): ciphertext
 * is read from the socket into the shared {@link #in}, decrypted straight into the owner's
 * buffer, and encryption writes into the shared {@link #out} and from there to the socket.
 * A connection keeps bytes of its own only for what could not be finished within one call:
 * the start of a record that has not fully arrived, records the socket would not take yet,
 * plaintext the owner had no room for (see {@code TlsRecords}).
 *
 * <p>Loop thread only (of the loop the buffers belong to). The scratch must never be
 * referenced after the call that filled it returns: the next connection overwrites it.
 */
final class TlsBuffers {

    /** One set per loop; weak keys, so a closed, unreferenced loop takes its set with it. */
    private static final Map<IOLoop, TlsBuffers> BY_LOOP = new WeakHashMap<>();

    private ByteBuffer in;
    private ByteBuffer out;
    private ByteBuffer app;

    private TlsBuffers() {
    }

    /** The scratch buffers of {@code loop} (made on first use; a lock only here, at registration). */
    static TlsBuffers of(IOLoop loop) {
        synchronized (BY_LOOP) {
            return BY_LOOP.computeIfAbsent(loop, l -> new TlsBuffers());
        }
    }

    /** The ciphertext-in scratch, at least {@code capacity} bytes, cleared. */
    ByteBuffer in(int capacity) {
        if (in == null || in.capacity() < capacity) {
            in = ByteBuffer.allocate(capacity);
        }
        return in.clear();
    }

    /** The ciphertext-out scratch, at least {@code capacity} bytes, cleared. */
    ByteBuffer out(int capacity) {
        if (out == null || out.capacity() < capacity) {
            out = ByteBuffer.allocate(capacity);
        }
        return out.clear();
    }

    /** The plaintext scratch, for a record the owner's buffer had no room for; cleared. */
    ByteBuffer app(int capacity) {
        if (app == null || app.capacity() < capacity) {
            app = ByteBuffer.allocate(capacity);
        }
        return app.clear();
    }

    /**
     * Keeps {@code src}'s remaining bytes after {@code held}'s (both in read mode), in {@code held}
     * when it has room, else in a new buffer of at least {@code minCapacity}; returns the holder,
     * or null when there is nothing to hold (so a connection that is done lets its buffer go).
     */
    static ByteBuffer hold(ByteBuffer held, ByteBuffer src, int minCapacity) {
        int have = held == null ? 0 : held.remaining();
        int total = have + src.remaining();
        if (total == 0) {
            return null;
        }
        if (held != null && held.capacity() >= total) {
            held.compact().put(src).flip();
            return held;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(total, minCapacity));
        if (held != null) {
            bigger.put(held);
        }
        return bigger.put(src).flip();
    }

    /** True when {@code b} starts with a whole TLS record (5-byte header: type, version, length). */
    static boolean holdsRecord(ByteBuffer b) {
        if (b == null || b.remaining() < 5) {
            return false;
        }
        int p = b.position();
        int length = ((b.get(p + 3) & 0xff) << 8) | (b.get(p + 4) & 0xff);
        return b.remaining() >= 5 + length;
    }
}
