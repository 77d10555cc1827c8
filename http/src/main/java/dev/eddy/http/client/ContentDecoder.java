package dev.eddy.http.client;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a gzip or deflate response body as it arrives, with the JDK's {@link Inflater}
 * (zlib), and stops at a size limit: a few kilobytes of zeros compress a thousandfold, so
 * without a limit a hostile server could make the client allocate gigabytes (a "zip bomb").
 *
 * <p>gzip (RFC 1952) is a small header, raw deflate data and a trailer with a CRC-32 and the
 * length; the header is read here byte by byte (it may be split across reads) and the
 * trailer is checked. "deflate" should be zlib-wrapped (RFC 1950) but some servers send raw
 * deflate; the first two bytes tell which, as browsers do.
 *
 * <p>Not thread-safe; one per response. {@link #close()} frees zlib's native memory.
 */
final class ContentDecoder implements AutoCloseable {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final boolean gzip;
    private final long limit;
    private Inflater inflater;
    private final CRC32 crc;
    private long produced;
    private byte[] out = new byte[8192];

    // gzip header and trailer state
    private final byte[] fixed = new byte[10];
    private int fixedLen;
    private int flags;
    private int extraLeft = -1;      // FEXTRA: bytes still to skip (-1: length not read yet)
    private int extraLenSeen;        // FEXTRA: length bytes read (of 2)
    private int extraLow;            // FEXTRA: the length's low byte
    private int hcrcSeen;            // FHCRC: header CRC bytes skipped (of 2)
    private boolean headerDone;
    private final byte[] trailer = new byte[8];
    private int trailerLen;

    private ContentDecoder(boolean gzip, long limit) {
        this.gzip = gzip;
        this.limit = limit;
        this.crc = gzip ? new CRC32() : null;
        this.headerDone = !gzip;
    }

    /** A decoder for a Content-Encoding value, or null when it is not gzip/deflate (or absent). */
    static ContentDecoder forEncoding(String contentEncoding, long limit) {
        if (contentEncoding == null) {
            return null;
        }
        String e = contentEncoding.trim();
        if (e.equalsIgnoreCase("gzip") || e.equalsIgnoreCase("x-gzip")) {
            return new ContentDecoder(true, limit);
        }
        if (e.equalsIgnoreCase("deflate")) {
            return new ContentDecoder(false, limit);
        }
        return null;
    }

    /**
     * Decodes {@code in} (all of it).
     *
     * @return the decoded bytes (a buffer valid until the next call; may be empty)
     * @throws BodyTooLargeException     when the decoded body passes the limit
     * @throws MalformedResponseException when the data is not valid gzip/deflate
     */
    ByteBuffer decode(ByteBuffer in) {
        int n = 0;
        try {
            while (in.hasRemaining()) {
                if (!headerDone) {
                    readHeaderByte(in.get());
                    continue;
                }
                if (inflater == null) {
                    inflater = new Inflater(gzip || !looksLikeZlib(in));
                }
                if (inflater.finished()) {
                    readTrailer(in);
                    continue;
                }
                inflater.setInput(in);
                while (!inflater.finished() && !inflater.needsInput()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    int k = inflater.inflate(out, n, out.length - n);
                    if (k == 0 && inflater.needsDictionary()) {
                        throw new MalformedResponseException("deflate body needs a preset dictionary", null);
                    }
                    if (crc != null) {
                        crc.update(out, n, k);
                    }
                    n += k;
                    produced += k;
                    if (produced > limit) {
                        throw new BodyTooLargeException("decompressed body larger than " + limit
                                + " bytes (maxDecompressedBytes; a zip bomb?)", limit);
                    }
                }
            }
        } catch (DataFormatException e) {
            throw new MalformedResponseException("corrupt " + (gzip ? "gzip" : "deflate") + " body: " + e.getMessage(), e);
        }
        return ByteBuffer.wrap(out, 0, n);
    }

    /** Checks that the compressed stream ended properly once the body is complete. */
    void finish() {
        boolean complete = inflater != null && inflater.finished() && (!gzip || trailerLen == trailer.length);
        if (!complete) {
            throw new MalformedResponseException("the " + (gzip ? "gzip" : "deflate") + " body ended early (truncated)", null);
        }
    }

    /** Bytes produced so far. */
    long decodedBytes() {
        return produced;
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }

    private static boolean looksLikeZlib(ByteBuffer in) {
        if (in.remaining() < 2) {
            return true;        // too little to tell; zlib is what the RFC says
        }
        int b0 = in.get(in.position()) & 0xFF;
        int b1 = in.get(in.position() + 1) & 0xFF;
        return (b0 & 0x0F) == 8 && ((b0 << 8) | b1) % 31 == 0;
    }

    private void readHeaderByte(byte b) {
        if (fixedLen < fixed.length) {
            fixed[fixedLen++] = b;
            if (fixedLen == fixed.length) {
                if ((fixed[0] & 0xFF) != 0x1f || (fixed[1] & 0xFF) != 0x8b || fixed[2] != 8) {
                    throw new MalformedResponseException("not a gzip body (bad magic bytes)", null);
                }
                flags = fixed[3] & 0xFF;
                advanceHeader();
            }
            return;
        }
        if ((flags & FEXTRA) != 0) {
            if (extraLeft < 0) {            // two little-endian length bytes first
                if (++extraLenSeen == 1) {
                    extraLow = b & 0xFF;
                    return;
                }
                extraLeft = extraLow | (b & 0xFF) << 8;
            } else {
                extraLeft--;
            }
            if (extraLeft == 0) {
                flags &= ~FEXTRA;
            }
        } else if ((flags & FNAME) != 0) {
            if (b == 0) {
                flags &= ~FNAME;
            }
        } else if ((flags & FCOMMENT) != 0) {
            if (b == 0) {
                flags &= ~FCOMMENT;
            }
        } else if ((flags & FHCRC) != 0) {
            if (++hcrcSeen == 2) {
                flags &= ~FHCRC;
            }
        }
        advanceHeader();
    }

    private void advanceHeader() {
        if ((flags & (FEXTRA | FNAME | FCOMMENT | FHCRC)) == 0) {
            headerDone = true;
        }
    }

    private void readTrailer(ByteBuffer in) {
        if (!gzip) {
            throw new MalformedResponseException("bytes after the end of the deflate body", null);
        }
        while (in.hasRemaining() && trailerLen < trailer.length) {
            trailer[trailerLen++] = in.get();
        }
        if (trailerLen == trailer.length) {
            long wantCrc = le32(0);
            long wantSize = le32(4);
            if (wantCrc != crc.getValue() || wantSize != (produced & 0xFFFFFFFFL)) {
                throw new MalformedResponseException("gzip body fails its CRC/length check", null);
            }
            if (in.hasRemaining()) {
                in.position(in.limit());        // a second gzip member is legal but unused on the web: ignored
            }
        }
    }

    private long le32(int at) {
        return (trailer[at] & 0xFFL) | (trailer[at + 1] & 0xFFL) << 8 | (trailer[at + 2] & 0xFFL) << 16
                | (trailer[at + 3] & 0xFFL) << 24;
    }
}
