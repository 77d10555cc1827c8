package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads a body to its end through a SHA-256 digest, one piece at a time, for the {@code echo}
 * example: the length and the hash of any upload, in constant memory.
 *
 * <p>It is a loop, not a recursion. Each piece's done-callback (this object) hashes the
 * piece, asks for the next one and returns; the same callback object is reused for every
 * piece, and the only future that lives for the whole body is the one {@link #read} returns.
 * The tempting alternative, {@code read().flatMap(piece -> digestTheRest())}, builds a chain:
 * every piece adds a pending future that the next one's completion must come back through,
 * so the whole chain stays reachable until the last byte (see chapter 2, "A recursive chain
 * holds every link"). Loop thread only.
 */
final class BodyDigest implements Consumer<Future<ByteBuffer>> {

    private final Supplier<Future<ByteBuffer>> nextPiece;
    private final Promise<BodyDigest> done;
    private final MessageDigest sha256;
    private long length;

    private BodyDigest(IOLoop loop, Supplier<Future<ByteBuffer>> nextPiece) {
        this.nextPiece = nextPiece;
        this.done = new Promise<>(loop);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Reads pieces from {@code nextPiece} (a future of the next piece, or of null at the end,
     * such as {@code request.body()::read}) until the end; fails when a read fails.
     */
    static Future<BodyDigest> read(IOLoop loop, Supplier<Future<ByteBuffer>> nextPiece) {
        BodyDigest digest = new BodyDigest(loop, nextPiece);
        digest.askForNextPiece();
        return digest.done;
    }

    /** The number of bytes read. */
    long length() {
        return length;
    }

    /** The SHA-256 of everything read; call once, after {@link #read}'s future succeeded. */
    byte[] sha256() {
        return sha256.digest();
    }

    /** One turn of the loop: a piece arrived (or the end, or a failure). */
    @Override
    public void accept(Future<ByteBuffer> piece) {
        if (!piece.isSucceeded()) {
            done.fail(piece.cause());
            return;
        }
        ByteBuffer bytes = piece.join();
        if (bytes == null) {
            done.complete(this);
            return;
        }
        length += bytes.remaining();
        sha256.update(bytes);
        askForNextPiece();
    }

    private void askForNextPiece() {
        Future<ByteBuffer> next;
        try {
            next = nextPiece.get();
        } catch (RuntimeException e) {
            done.fail(e);
            return;
        }
        next.addDoneCallback(this);     // called back later, on the loop: no stack grows
    }
}
