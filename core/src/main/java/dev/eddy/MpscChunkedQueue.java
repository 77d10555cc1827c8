package dev.eddy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The loop's inbox: an unbounded multi-producer, single-consumer FIFO queue that allocates
 * nothing in steady state. Any thread may {@link #offer}; only one thread at a time (the
 * loop's) may {@link #drainTo drain}.
 *
 * <h2>Why it exists</h2>
 * Callbacks handed to the loop from other threads used to go into a
 * {@code ConcurrentLinkedQueue}, which allocates a 24-byte node per callback. This queue
 * keeps callbacks in fixed-size array <em>chunks</em> linked into a list, and reuses a
 * drained chunk instead of dropping it, so a steady stream of callbacks allocates nothing.
 *
 * <h2>How it works</h2>
 * <pre>
 *   consumer                                     producers
 *     |                                              |  getAndIncrement(producerIndex)
 *     v                                              v
 *   [chunk k: taken taken cb cb]-next->[chunk k+1: cb claimed . .]-next->[chunk k+2: . . . .]
 *                                        ^ newest: the "last" hint        (linked in advance)
 * </pre>
 * A producer claims a position with one {@code getAndIncrement} on {@code producerIndex};
 * position {@code i} lives in chunk {@code i / CHUNK}, slot {@code i % CHUNK}. The producer
 * that claims the <em>first</em> slot of chunk {@code k} links chunk {@code k + 1} (the
 * spare one, or a new one), so the chunk a producer needs has almost always been linked a
 * whole chunk earlier. The consumer reads positions in order; it stops (and comes back next
 * time) at a position that was claimed but not yet written, and gives a drained chunk back
 * as the spare.
 *
 * <h2>What it must never do</h2>
 * Lose an element, or reorder the elements of one producer. Report "empty" while a position
 * is claimed but not yet written (the loop's wake-up protocol relies on it: see
 * {@link CallbackQueue}). Accept an element after {@link #seal} (it would be stranded).
 * Let two threads drain at once.
 */
final class MpscChunkedQueue {

    /** Slots per chunk; 1024 references are 4 KiB with compressed oops. */
    static final int CHUNK = 1024;
    /** Set in {@code producerIndex} by {@link #seal}: every later claim fails. */
    private static final long SEALED = 1L << 62;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle LAST;
    private static final VarHandle SPARE;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;
    private static final VarHandle NUMBER;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER_INDEX = l.findVarHandle(MpscChunkedQueue.class, "producerIndex", long.class);
            LAST = l.findVarHandle(MpscChunkedQueue.class, "last", Chunk.class);
            SPARE = l.findVarHandle(MpscChunkedQueue.class, "spare", Chunk.class);
            NEXT = l.findVarHandle(Chunk.class, "next", Chunk.class);
            NUMBER = l.findVarHandle(Chunk.class, "number", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A fixed-size run of slots; {@code number} says which positions it holds now. */
    private static final class Chunk {
        final Object[] slots = new Object[CHUNK];
        /** The chunk before this one: producers walk back along it (see {@link #chunkFor}). */
        Chunk prev;
        /** Linked by the producer that claimed this chunk's first slot. */
        Chunk next;
        /** Chunk number k: positions k*CHUNK .. k*CHUNK+CHUNK-1. Set when (re)linked. */
        long number;
    }

    /** Next position to claim (plus {@code SEALED} once sealed). Volatile: see CallbackQueue. */
    private volatile long producerIndex;
    /** The newest linked chunk: where producers start looking for their chunk. */
    private volatile Chunk last;
    /** One drained chunk kept for reuse; producers take it, the consumer puts it back. */
    private volatile Chunk spare;

    /**
     * How many chunks were ever created: tests use it to show drained chunks are reused.
     * Written only by the linking producer, before it publishes the chunk (so never by two
     * threads at once: the next link waits for this one).
     */
    private int chunksCreated = 1;

    // consumer side: one thread at a time. The loop hands the consumer role from thread to
    // thread only through LoopThread's atomic owner (and close through its lock), which
    // orders these plain fields.
    private Chunk head;
    /** Which chunk {@code head} is: the consumer's own copy of {@code head.number}. */
    private long headNumber;
    private long consumerIndex;

    MpscChunkedQueue() {
        Chunk first = new Chunk();
        head = first;
        last = first;
    }

    /**
     * Appends {@code e} (not null). Any thread. Returns false only once the queue is sealed,
     * and then {@code e} was not added.
     */
    boolean offer(Object e) {
        long i = claim();
        if (i < 0) {
            return false;
        }
        publish(i, e);
        return true;
    }

    /**
     * The first half of {@link #offer}: claims the next position, or returns -1 once sealed.
     * Separate only so that tests can stall a producer between claiming and publishing.
     */
    long claim() {
        // A volatile read-modify-write: also the "write" half of the wake-up handshake (the
        // loop publishes ASLEEP and then reads producerIndex; we claim, then read its flag).
        long i = (long) PRODUCER_INDEX.getAndAdd(this, 1L);
        return (i & SEALED) != 0 ? -1 : i;
    }

    /** The second half of {@link #offer}: writes {@code e} into the claimed position {@code i}. */
    void publish(long i, Object e) {
        long number = i / CHUNK;
        int slot = (int) (i % CHUNK);
        Chunk c = chunkFor(number);
        // Release: whoever reads the element (acquire) also sees everything the producer
        // wrote before handing it over - the usual happens-before of a queue.
        SLOT.setRelease(c.slots, slot, e);
        if (slot == 0) {
            linkNext(c, number);   // after our write: the consumer cannot leave c before this
        }
    }

    /**
     * The chunk holding positions of {@code number}. It cannot be drained and reused while
     * we look: our own slot in it is still empty, and the consumer never passes an empty slot.
     */
    private Chunk chunkFor(long number) {
        Chunk c;
        long n;
        // Wait until our chunk (or a later one) is linked. Usually it was linked a whole
        // chunk ago; we only wait when the producer that links it was descheduled, and then
        // we soon yield our core to it (backOff) instead of spinning it away.
        for (int attempt = 0; (n = (long) NUMBER.getAcquire(c = last)) < number; attempt++) {
            backOff(attempt);
        }
        // Walk back from a newer chunk. Every chunk from ours to the newest is still in use
        // (the consumer is stuck at or before our empty slot), so the links are stable; the
        // acquire read of each number orders the read of the prev written before it.
        while (n > number) {
            c = c.prev;
            n = (long) NUMBER.getAcquire(c);
        }
        return c;
    }

    /** Links chunk {@code number + 1} after {@code c}: once per chunk, by its first slot's producer. */
    private void linkNext(Chunk c, long number) {
        Chunk n = (Chunk) SPARE.getAndSet(this, null);   // at most one producer gets the spare
        if (n == null) {
            n = new Chunk();
            chunksCreated++;
        }
        n.prev = c;
        n.next = null;
        // Release: the number is the last field written, so a reader that sees it (acquire)
        // also sees prev and the emptied slots.
        NUMBER.setRelease(n, number + 1);
        NEXT.setRelease(c, n);   // for the consumer
        last = n;                // for producers; volatile store, after the number is set
    }

    int chunksCreated() {
        return chunksCreated;
    }

    /**
     * True when nothing is claimed: a position claimed but not yet written counts as
     * present. Any thread; a volatile read, so it is the "read" half of the wake-up handshake.
     */
    boolean isEmpty() {
        long p = producerIndex;
        return (p & SEALED) != 0 || p == consumerIndex;
    }

    /**
     * Consumer only: whether the next position to take is claimed but not yet written (its
     * producer is between {@link #claim} and {@link #publish}, or its chunk is not linked
     * yet). False when the queue is empty or the next element can be taken now.
     */
    boolean nextIsClaimedNotWritten() {
        long index = consumerIndex;
        long p = producerIndex;
        if ((p & SEALED) != 0 || p == index) {
            return false;
        }
        Chunk chunk = head;
        int slot = (int) (index % CHUNK);
        if (index / CHUNK != headNumber) {
            chunk = (Chunk) NEXT.getAcquire(chunk);   // head is drained: the next one, if linked
            if (chunk == null) {
                return true;
            }
        }
        return SLOT.getAcquire(chunk.slots, slot) == null;
    }

    /**
     * How many positions are claimed and not yet taken: exact on the consumer, an estimate
     * from any other thread (the consumer's index is a plain field). Zero once sealed.
     */
    long sizeEstimate() {
        long p = producerIndex;
        return (p & SEALED) != 0 ? 0 : Math.max(0, p - consumerIndex);
    }

    /**
     * Consumer only: hands every element written so far to {@code sink}, in order, and stops
     * at the first position claimed but not yet written. Returns how many it handed over.
     */
    int drainTo(Consumer<Object> sink) {
        // Work on locals and write the consumer fields back once: they share a cache line
        // with producerIndex, and a write per element would bounce it between the cores.
        long end = producerIndex & ~SEALED;
        long index = consumerIndex;
        Chunk chunk = head;
        long chunkNumber = headNumber;
        while (index < end) {
            long number = index / CHUNK;
            if (number != chunkNumber) {
                // The chunk is drained: move on, exactly once (not again if we stop just after).
                // Acquire: the next chunk's number, prev and emptied slots are visible.
                Chunk next = (Chunk) NEXT.getAcquire(chunk);
                if (next == null) {
                    break;          // its producer is still linking it: come back later
                }
                recycle(chunk);
                chunk = next;
                chunkNumber = number;
            }
            int slot = (int) (index % CHUNK);
            // Acquire: pairs with the producer's release, so the element is fully visible.
            Object e = SLOT.getAcquire(chunk.slots, slot);
            if (e == null) {
                break;              // claimed, not yet written: come back later (order kept)
            }
            // Plain: only the consumer touches a written slot; the chunk's later hand-over to
            // a producer goes through the spare's volatile write, which publishes the null.
            chunk.slots[slot] = null;
            index++;
            sink.accept(e);         // must not throw (the loop passes ArrayDeque::addLast)
        }
        int taken = (int) (index - consumerIndex);
        consumerIndex = index;
        head = chunk;
        headNumber = chunkNumber;
        return taken;
    }

    /** Gives a drained chunk back as the spare (or to the GC when there is one already). */
    private void recycle(Chunk drained) {
        drained.prev = null;        // don't keep old chunks reachable
        if (spare == null) {
            spare = drained;        // volatile store: producers see a fully emptied chunk
        }
    }

    /**
     * Refuses every later {@link #offer} and returns the elements still queued (waiting for
     * positions already claimed to be written). Consumer only; once.
     */
    int seal(Consumer<Object> sink) {
        long end = (long) PRODUCER_INDEX.getAndAdd(this, SEALED) & ~SEALED;
        int n = 0;
        for (int attempt = 0; consumerIndex < end; ) {
            int got = drainTo(sink);
            n += got;
            if (got == 0) {
                backOff(attempt++);     // a producer claimed a position and is writing it
            } else {
                attempt = 0;
            }
        }
        return n;
    }

    /**
     * How long to spin, in {@link #backOff} attempts, before yielding the core. A producer
     * writes its claimed position a few nanoseconds after claiming it, so a position still
     * empty after this many pauses (a few microseconds) belongs to a thread that was
     * descheduled in between, and spinning on would only keep it off the core.
     */
    static final int SPINS_BEFORE_YIELD = 64;

    /**
     * One wait for another thread that is between two steps: a pause while the wait is
     * young, then {@link Thread#yield()}, so a thread descheduled mid-step gets a core back
     * instead of waiting for our time slice to run out.
     */
    static void backOff(int attempt) {
        if (attempt < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
