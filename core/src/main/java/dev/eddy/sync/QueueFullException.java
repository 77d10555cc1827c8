package dev.eddy.sync;

/**
 * {@link Queue#offer} found the queue full: the item was <em>not</em> added. The caller
 * decides what happens to it (drop it, retry later, or use {@link Queue#put}, which waits).
 */
public class QueueFullException extends IllegalStateException {

    /**
     * An exception saying {@code message}.
     *
     * @param message the detail message, saying which queue was full
     */
    public QueueFullException(String message) {
        super(message);
    }
}
