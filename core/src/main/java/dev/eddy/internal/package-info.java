/**
 * Small helpers that several Eddy packages share and that are <em>not</em> part of the API:
 * they are public only because Java has no "visible to my sibling packages" access. Nothing
 * here is stable; do not use it from your own code.
 *
 * <p>Start reading at {@link dev.eddy.internal.VirtualThreads}, the one place Eddy reaches
 * {@code Thread.ofVirtual()} while being compiled for Java 17.
 */
package dev.eddy.internal;
