package dev.eddy.jmh;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

import java.util.concurrent.TimeUnit;

/**
 * Netty's event loop as the anchor the loop benchmarks are compared with in the same JMH run:
 * one {@code SingleThreadIoEventLoop} on NIO (a group of one thread), which is what a Netty
 * server with one event loop runs on. Netty is a dependency of the benchmarks only, never of
 * the library. Not a benchmark.
 */
final class NettyLoops {

    private NettyLoops() {
    }

    /** A group of one NIO event loop. */
    static MultiThreadIoEventLoopGroup group() {
        return new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    /** The group's loop, its thread already started (one task run and waited for). */
    static IoEventLoop startedLoop(MultiThreadIoEventLoopGroup group) {
        IoEventLoop loop = (IoEventLoop) group.next();
        BenchLoops.start(loop);
        return loop;
    }

    /** Stops the group without the default two-second quiet period. */
    static void shutdown(MultiThreadIoEventLoopGroup group) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
