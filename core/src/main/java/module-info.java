/**
 * Eddy's core: the loop, futures, coroutines, locks and queues, streams, TLS, subprocesses
 * and the testing support, with no dependency beyond the JDK.
 *
 * <p>Every exported package is API. {@code dev.eddy.internal} holds what the core's own
 * packages share (logging that never throws, virtual-thread probing) and is not exported;
 * {@code dev.eddy.jfr} holds the Flight Recorder events and is exported to
 * {@code dev.eddy.http} only (what users depend on are the events' names and fields).
 *
 * <p>The native continuation engine uses {@code jdk.internal.vm.Continuation}, which
 * {@code java.base} does not export. On the module path start the JVM with
 * {@code --add-exports java.base/jdk.internal.vm=dev.eddy.core}; on the class path with
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (or {@code Add-Exports} in an
 * executable jar's manifest). Without it, coroutines run on threads: the other engine.
 */
module dev.eddy.core {
    requires java.management;   // the native engine's check for a coroutine pinned by a monitor
    requires jdk.jfr;           // dev.eddy.jfr: Flight Recorder events (touched only once a recording starts)
    requires transitive java.logging;   // dev.eddy.testing.LogCapture hands out its records (the library logs through System.Logger)

    exports dev.eddy;
    exports dev.eddy.gen;
    exports dev.eddy.net;
    exports dev.eddy.process;
    exports dev.eddy.sync;
    exports dev.eddy.testing;
    exports dev.eddy.tls;
    exports dev.eddy.jfr to dev.eddy.http;     // the HTTP server's request event lives beside the others
}
