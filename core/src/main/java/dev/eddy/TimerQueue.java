package dev.eddy;

import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap ordered by (deadline, sequence).
 *
 * <p>Why a heap: the loop needs two things fast, "what is the earliest deadline?" (to
 * know how long {@code select} may sleep) and "take every timer that is due". A heap
 * answers the first in O(1) and each removal in O(log n). Each {@link Timeout} stores its
 * own index in the array, so cancelling one removes it in O(log n) at once: no tombstones,
 * no search, nothing left behind by timeouts that never fire.
 *
 * <p>Ties: two timers with the same deadline run in the order they were scheduled,
 * because the sequence number breaks the tie.
 *
 * <p>Not thread-safe: only the loop thread touches it.
 */
final class TimerQueue {

    private Timeout[] heap = new Timeout[64];
    private int size;

    int size() {
        return size;
    }

    /** Length of the heap's array (it grows by doubling and shrinks after bursts). */
    int capacity() {
        return heap.length;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest timer, or null when there is none. */
    Timeout peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Timeout t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.heapIndex = size;
        heap[size] = t;
        size++;
        siftUp(t.heapIndex);
    }

    /** Removes and returns the earliest timer. The queue must not be empty. */
    Timeout poll() {
        Timeout first = heap[0];
        removeAt(0);
        return first;
    }

    /** Removes {@code t} if it is in this queue; returns whether it was. */
    boolean remove(Timeout t) {
        int i = t.heapIndex;
        if (i < 0 || i >= size || heap[i] != t) {
            return false;
        }
        removeAt(i);
        return true;
    }

    private void removeAt(int i) {
        Timeout removed = heap[i];
        removed.heapIndex = -1;
        size--;
        Timeout last = heap[size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            if (heap[i] == last) {
                siftUp(i);
            }
        }
        // Give memory back after a burst: a million cancelled timeouts must not pin a
        // million-slot array forever.
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(64, heap.length / 2));
        }
    }

    private static boolean before(Timeout a, Timeout b) {
        return a.deadline != b.deadline ? a.deadline - b.deadline < 0 : a.sequence < b.sequence;
    }

    private void siftUp(int i) {
        Timeout t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timeout p = heap[parent];
            if (!before(t, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        Timeout t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], t)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
