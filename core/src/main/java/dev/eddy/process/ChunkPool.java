package dev.eddy.process;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * The fixed set of byte arrays a pipe reader may fill: the back-pressure between a helper
 * thread that reads a child's output and the loop that consumes it. The reader takes an
 * empty chunk before each read and blocks while every chunk is out (read but not yet consumed
 * on the loop); the loop gives a chunk back once its bytes have been handed to a reader of
 * the stream. So at most {@code chunks * chunkSize} bytes of output are ever buffered in
 * Eddy, however much the child writes: when the consumer is slow, the reader stops, the OS
 * pipe fills, and the child itself is paused by its blocking write. That is how 100 MB of
 * output flows through a few hundred kilobytes.
 *
 * <p>Once the child has exited there is nobody left to pause, and what is still unread is
 * at most what the OS pipe held (the JDK drains it when the process ends), so
 * {@link #stopLimiting()} lets the reader allocate past the limit: a consumer that reads
 * nothing must not keep a dead child's exit from being reported.
 *
 * <p>Thread-safe: one reader thread takes, the loop thread gives back.
 */
final class ChunkPool {

    private final int chunkSize;
    private final int chunks;
    private final ArrayBlockingQueue<byte[]> free;
    private int allocated;                  // touched only by the one taking thread
    private volatile boolean limiting = true;

    ChunkPool(int chunkSize, int chunks) {
        this.chunkSize = chunkSize;
        this.chunks = chunks;
        this.free = new ArrayBlockingQueue<>(chunks);
    }

    /** An empty chunk; blocks while all chunks are out and the limit holds. One taker only. */
    byte[] take() throws InterruptedException {
        byte[] chunk = free.poll();
        if (chunk != null) {
            return chunk;
        }
        if (allocated < chunks || !limiting) {
            allocated++;            // arrays are made lazily: a quiet stream costs nothing
            return new byte[chunkSize];
        }
        return free.take();         // wait for the loop to consume (or for stopLimiting's wake-up)
    }

    /** A chunk whose bytes were consumed. Extra chunks made after {@link #stopLimiting} are dropped. */
    void give(byte[] chunk) {
        free.offer(chunk);
    }

    /** The child has exited: stop blocking the reader (and wake it if it is waiting now). */
    void stopLimiting() {
        limiting = false;
        free.offer(new byte[chunkSize]);
    }

    /** The most bytes this pool can have out while limiting. */
    long limitBytes() {
        return (long) chunks * chunkSize;
    }
}
