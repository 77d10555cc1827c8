package dev.eddy.http.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.LongSupplier;

/**
 * The {@code Date: ...\r\n} header line every response carries (RFC 9110 section 6.6.1),
 * formatted at most once a second instead of once per response: formatting a date costs
 * more than the rest of a small response head.
 *
 * <p>Thread-safe without locks: the current line and its second are one immutable object
 * behind a volatile field; two threads that both see a new second both format it, and either
 * result is right.
 */
public final class DateCache {

    /** The cache on the system clock, shared by every loop. */
    public static final DateCache SYSTEM = new DateCache(System::currentTimeMillis);

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(ZoneOffset.UTC);

    private record Line(long second, byte[] bytes) {
    }

    private final LongSupplier millis;
    private volatile Line line = new Line(Long.MIN_VALUE, null);

    /**
     * A cache reading {@code millis} for the current time.
     *
     * @param millis the wall clock in milliseconds since the epoch (tests pass a fake one)
     */
    public DateCache(LongSupplier millis) {
        this.millis = millis;
    }

    /**
     * The header line, CRLF included, for the current second. Do not modify the array.
     *
     * @return {@code Date: <IMF-fixdate>\r\n} for the current second, shared between calls
     */
    public byte[] dateLine() {
        long second = Math.floorDiv(millis.getAsLong(), 1000);
        Line l = line;
        if (l.second != second) {
            String s = "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(second)) + "\r\n";
            l = new Line(second, s.getBytes(StandardCharsets.ISO_8859_1));
            line = l;
        }
        return l.bytes;
    }
}
