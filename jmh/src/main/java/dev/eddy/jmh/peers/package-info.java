/**
 * The peer servers of the end-to-end HTTP comparison ({@code jmh/wrk/servers.sh}): the same
 * {@code GET /plaintext} answered by Netty and by the JDK's own HTTP server, so a reader can
 * start every Java peer from {@code jmh/target/benchmarks.jar}. Not part of the library; each
 * is the plainest way to write the server with that stack.
 */
package dev.eddy.jmh.peers;
