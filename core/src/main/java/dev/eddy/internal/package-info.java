/**
 * Small helpers that several Eddy packages share and that are <em>not</em> part of the API:
 * they are public only because Java has no "visible to my sibling packages" access, and the
 * module does not export the package, so on the module path nothing outside Eddy can use it.
 * Nothing here is stable; do not use it from your own code.
 *
 * <p>Start reading at {@link dev.eddy.internal.VirtualThreads}, the one place Eddy reaches
 * {@code Thread.ofVirtual()} while being compiled for Java 17. {@link dev.eddy.internal.SafeLog}
 * and {@link dev.eddy.internal.RepeatedErrorLog} are how the loop logs on its error paths:
 * never throwing, and at a bounded rate.
 */
package dev.eddy.internal;
