package dev.eddy.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link SimulatedNetwork} may do to the bytes it carries: the ranges its seeded
 * random source draws from. Every connection draws its own plan from these when it opens
 * (how big its buffers are, whether and where it is reset, whether a direction stalls), and
 * every write and read draws the rest (how the bytes are cut, how late each piece arrives).
 * Start from {@link #none()} (a perfect network) or {@link #all()} (everything at once) and
 * change what you need with the {@code with} methods.
 *
 * <p>A record of plain values, so that a test can print the faults of a failing seed, and a
 * given seed with given faults replays exactly.
 *
 * @param maxDelay        each piece of a write arrives after a delay drawn from
 *                        {@code [0, maxDelay]} of virtual time, never before a piece written
 *                        earlier in the same direction (bytes stay in order); zero: on the
 *                        loop's next turn
 * @param splitWrites     whether written bytes are cut into pieces of random size (1 byte up to
 *                        all of them), each arriving on its own, and reads return them piece by
 *                        piece or several at once; when false a write arrives whole and a read
 *                        returns everything that has arrived
 * @param minBuffer       the fewest bytes one direction of a connection holds (sent but not yet
 *                        read by the peer) before the writer is refused more: the kernel's
 *                        buffers. Each connection draws its size from {@code [minBuffer, maxBuffer]}
 *                        (small sizes as likely as large ones); a write then takes only what
 *                        fits, or nothing, and the transport stops reporting {@code OP_WRITE}
 * @param maxBuffer       the most bytes, likewise; at least {@code minBuffer}
 * @param resetChance     the chance that a connection is reset in the middle: after a number of
 *                        bytes drawn from {@code [0, resetWithinBytes]} has been written on it
 *                        (both directions counted), one side (drawn) is reset at once and the
 *                        other when the reset reaches it; from then on their reads fail with a
 *                        connection-reset error and their writes with a broken pipe
 * @param resetWithinBytes the range that number is drawn from
 * @param stallChance     the chance, per direction of a connection, that it stops delivering for
 *                        a while: no byte arrives between a start and an end drawn from
 *                        {@code [0, maxStall]} after the connection opened, so the writer fills
 *                        the buffer and feels back-pressure
 * @param maxStall        the longest such stall, and the latest it starts
 * @param spuriousChance  the chance that a readiness call reports what the owner asked for
 *                        although nothing is ready (the {@link dev.eddy.net.Transport} contract
 *                        allows it: owners must find 0 bytes and carry on)
 */
public record NetworkFaults(Duration maxDelay, boolean splitWrites, int minBuffer, int maxBuffer,
                            double resetChance, int resetWithinBytes, double stallChance, Duration maxStall,
                            double spuriousChance) {

    /** A direction's buffer when nothing limits it: 4 MiB, like a generously tuned kernel. */
    private static final int LARGE_BUFFER = 4 << 20;

    /**
     * Checks the components.
     *
     * @param maxDelay the longest delivery delay; not negative
     * @param splitWrites whether writes are cut into random pieces
     * @param minBuffer the smallest buffer per direction; at least 1
     * @param maxBuffer the largest buffer per direction; at least {@code minBuffer}
     * @param resetChance the chance a connection is reset; 0 to 1
     * @param resetWithinBytes the range of the byte count a reset comes after; not negative
     * @param stallChance the chance a direction stalls; 0 to 1
     * @param maxStall the longest stall; not negative
     * @param spuriousChance the chance of a spurious readiness call; 0 to 1
     * @throws IllegalArgumentException when a value is out of its range
     */
    public NetworkFaults {
        nonNegative(maxDelay, "maxDelay");
        nonNegative(maxStall, "maxStall");
        if (minBuffer < 1 || maxBuffer < minBuffer) {
            throw new IllegalArgumentException("buffers must satisfy 1 <= minBuffer <= maxBuffer: "
                    + minBuffer + ", " + maxBuffer);
        }
        if (resetWithinBytes < 0) {
            throw new IllegalArgumentException("resetWithinBytes must not be negative: " + resetWithinBytes);
        }
        chance(resetChance, "resetChance");
        chance(stallChance, "stallChance");
        chance(spuriousChance, "spuriousChance");
    }

    /**
     * A perfect network: no delay beyond the loop's next turn, writes arrive whole, 4 MiB
     * buffers, no reset, no stall, no spurious call. Like loopback TCP on a quiet machine.
     *
     * @return the faults of a network that has none
     */
    public static NetworkFaults none() {
        return new NetworkFaults(Duration.ZERO, false, LARGE_BUFFER, LARGE_BUFFER, 0, 0, 0, Duration.ZERO, 0);
    }

    /**
     * Everything at once: delays up to 50 ms, writes cut at random, buffers from 1 byte to
     * 64 KiB, a reset in one connection of five within its first 4 KiB, a stall of up to 2 s
     * in one direction of ten, a spurious readiness call in one of twenty.
     *
     * @return the faults of a hostile network
     */
    public static NetworkFaults all() {
        return new NetworkFaults(Duration.ofMillis(50), true, 1, 64 << 10, 0.2, 4096, 0.1, Duration.ofSeconds(2), 0.05);
    }

    /**
     * A copy with {@code maxDelay} replaced.
     *
     * @param d the longest delivery delay; not negative
     * @return the copy
     */
    public NetworkFaults withMaxDelay(Duration d) {
        return new NetworkFaults(d, splitWrites, minBuffer, maxBuffer, resetChance, resetWithinBytes, stallChance,
                maxStall, spuriousChance);
    }

    /**
     * A copy with {@code splitWrites} replaced.
     *
     * @param on whether writes are cut into random pieces
     * @return the copy
     */
    public NetworkFaults withSplitWrites(boolean on) {
        return new NetworkFaults(maxDelay, on, minBuffer, maxBuffer, resetChance, resetWithinBytes, stallChance,
                maxStall, spuriousChance);
    }

    /**
     * A copy with the buffer range replaced.
     *
     * @param min the smallest buffer per direction; at least 1
     * @param max the largest; at least {@code min}
     * @return the copy
     */
    public NetworkFaults withBuffers(int min, int max) {
        return new NetworkFaults(maxDelay, splitWrites, min, max, resetChance, resetWithinBytes, stallChance,
                maxStall, spuriousChance);
    }

    /**
     * A copy with the resets replaced.
     *
     * @param chance the chance a connection is reset; 0 to 1
     * @param withinBytes the range of the byte count the reset comes after; not negative
     * @return the copy
     */
    public NetworkFaults withResets(double chance, int withinBytes) {
        return new NetworkFaults(maxDelay, splitWrites, minBuffer, maxBuffer, chance, withinBytes, stallChance,
                maxStall, spuriousChance);
    }

    /**
     * A copy with the stalls replaced.
     *
     * @param chance the chance a direction stalls; 0 to 1
     * @param longest the longest stall, and the latest it starts; not negative
     * @return the copy
     */
    public NetworkFaults withStalls(double chance, Duration longest) {
        return new NetworkFaults(maxDelay, splitWrites, minBuffer, maxBuffer, resetChance, resetWithinBytes, chance,
                longest, spuriousChance);
    }

    /**
     * A copy with {@code spuriousChance} replaced.
     *
     * @param chance the chance of a spurious readiness call; 0 to 1
     * @return the copy
     */
    public NetworkFaults withSpuriousCalls(double chance) {
        return new NetworkFaults(maxDelay, splitWrites, minBuffer, maxBuffer, resetChance, resetWithinBytes,
                stallChance, maxStall, chance);
    }

    private static void nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    private static void chance(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1: " + p);
        }
    }
}
