package dev.eddy.sync;

import java.util.NoSuchElementException;

/**
 * {@link Queue#poll} found the queue empty. Use {@link Queue#get} to wait for an item instead.
 */
public class QueueEmptyException extends NoSuchElementException {

    /**
     * An exception saying {@code message}.
     *
     * @param message the detail message, saying which queue was empty
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
