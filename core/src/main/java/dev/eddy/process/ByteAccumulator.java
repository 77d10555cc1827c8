package dev.eddy.process;

import java.util.Arrays;

/**
 * A growable byte buffer with a read position: bytes are appended at the end and taken from
 * the front, and it can find a delimiter in what it holds. It is the loop-side working
 * buffer of a {@link ProcessOutput} while a read is waiting for enough bytes.
 *
 * <p>Why its own small class: "read until a delimiter" must work across chunk boundaries and
 * must not rescan the same bytes every time a chunk arrives (a 1 MB line in 64 KiB chunks
 * would otherwise cost 16 scans of a growing prefix). {@link #indexOf} takes the position
 * where the previous search stopped. (The streams package has its own read buffering over
 * socket buffers; when both are written, one should serve both.)
 *
 * <p>Not thread-safe: the loop thread only.
 */
final class ByteAccumulator {

    private byte[] bytes = new byte[0];
    private int start;       // first unread byte
    private int end;         // one past the last byte

    int size() {
        return end - start;
    }

    /** Appends {@code len} bytes of {@code src}, compacting or growing as needed. */
    void append(byte[] src, int off, int len) {
        if (end + len > bytes.length) {
            int size = size();
            if (size + len <= bytes.length) {
                System.arraycopy(bytes, start, bytes, 0, size);      // enough room once compacted
            } else {
                int capacity = Math.max(size + len, Math.max(256, bytes.length * 2));
                byte[] grown = new byte[capacity];
                System.arraycopy(bytes, start, grown, 0, size);
                bytes = grown;
            }
            start = 0;
            end = size;
        }
        System.arraycopy(src, off, bytes, end, len);
        end += len;
    }

    /**
     * The offset (from the first unread byte) where {@code delimiter} starts, looking no
     * earlier than {@code from}; -1 if it is not there yet. To resume a search after more
     * bytes arrive, pass {@code max(0, size() - delimiter.length + 1)} from before the append.
     */
    int indexOf(byte[] delimiter, int from) {
        int last = end - delimiter.length;
        byte first = delimiter[0];
        outer:
        for (int i = start + Math.max(0, from); i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (bytes[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }

    /** Removes and returns the first {@code n} bytes (n &lt;= size()). */
    byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(bytes, start, start + n);
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
            if (bytes.length > 1 << 20) {
                bytes = new byte[0];      // don't keep a huge buffer after one huge read
            }
        }
        return out;
    }
}
