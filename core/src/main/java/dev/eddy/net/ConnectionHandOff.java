package dev.eddy.net;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.internal.RepeatedErrorLog;
import dev.eddy.internal.SafeLog;
import dev.eddy.jfr.ConnectionAcceptedEvent;
import dev.eddy.jfr.Flight;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a {@link TcpServer}'s accepted connections go, and how the server lets them go: it
 * picks the loop that will own a connection (the accepting one, or the next in turn), runs
 * the server's handler for it on that loop (wrapping it, for a {@link StreamHandler}, in an
 * {@link IOStream} over the transport the server's {@link ServerTransports} makes: plain, or
 * TLS), tracks it until the server hears it closed ({@link ConnectionTracker}, one per loop),
 * logs what its handler throws or its life future fails with, and, for a graceful close,
 * waits for the tracked connections to close and closes the rest at the deadline.
 *
 * <p>Why apart from {@code TcpServer}: the server is the public face (the ways to listen,
 * the bound address, stopping); binding and accepting are the {@link ListeningSockets} and
 * the {@link Acceptor}s. This is the other half of a connection's road, from the socket the
 * acceptor took to the handler that owns it, and it holds everything that road needs.
 *
 * <p>{@link #dispatch} runs on the accepting loop; what it hands over, and the rest, runs on
 * the loop that owns the connection. Per connection it makes the hand-over callback (only when
 * it changes loops), the stream (for a stream handler; when tracked, one callback on its close
 * future) and one done-callback on the handler's life future; nothing more. It never closes
 * a connection its handler still owns, except at the end of a graceful close.
 */
final class ConnectionHandOff {

    private static final Duration DRAIN_POLL = Duration.ofMillis(10);

    private final List<IOLoop> loops;
    private final ConnectionHandler handler;          // one of these two is null
    private final StreamHandler streamHandler;
    private final StreamOptions streamOptions;
    private final ServerTransports transports;        // what a stream's transport is (plain, TLS)
    private final ConnectionTracker[] trackers;       // trackers[i] belongs to loops[i]
    private final RepeatedErrorLog[] handlerErrors;   // handlerErrors[i] belongs to loops[i]
    private final ConnectionLimit limit;              // null: no limit
    private final boolean track;                      // connections are tracked (asked for, or a limit to keep)
    private final boolean roundRobin;                 // one loop accepts for all: hand out in turn
    private int nextLoop;                             // round robin, on the accepting loop only

    /**
     * @param trackers one per loop, made with {@code limit} (which reads them too)
     * @param roundRobin true when one loop accepts for several (no SO_REUSEPORT)
     * @param boundAddress what the server listens on, for the log of failing handlers
     */
    ConnectionHandOff(List<IOLoop> loops, ConnectionHandler handler, StreamHandler streamHandler,
                      StreamOptions streamOptions, ServerTransports transports, ConnectionTracker[] trackers,
                      ConnectionLimit limit, boolean track, boolean roundRobin, SocketAddress boundAddress) {
        this.loops = loops;
        this.handler = handler;
        this.streamHandler = streamHandler;
        this.streamOptions = streamOptions;
        this.transports = transports;
        this.trackers = trackers;
        this.limit = limit;
        this.track = track;
        this.roundRobin = roundRobin;
        this.handlerErrors = new RepeatedErrorLog[loops.size()];
        for (int i = 0; i < handlerErrors.length; i++) {
            handlerErrors[i] = TcpServer.errorLog(loops.get(i), System.Logger.Level.ERROR,
                    "a connection handler of the server on " + boundAddress);
        }
    }

    /** Chooses the loop for a new connection and hands it over (on the accepting loop). */
    void dispatch(int acceptingLoop, SocketChannel ch) {
        int target = acceptingLoop;
        if (roundRobin) {
            target = nextLoop;
            nextLoop = (nextLoop + 1) % loops.size();
        }
        if (target == acceptingLoop) {
            handOver(target, ch);
            return;
        }
        int t = target;
        try {
            loops.get(t).addCallback(() -> handOver(t, ch));
        } catch (RejectedExecutionException e) {
            closeQuietly(ch);         // that loop is closing
            if (limit != null) {
                limit.release(1);     // never tracked: give its place back here
            }
        }
    }

    /**
     * Runs the handler for {@code ch} on the loop that will own it, and tracks the connection
     * until the server hears that it closed (see {@link ConnectionTracker}).
     */
    private void handOver(int loopIndex, SocketChannel ch) {
        IOLoop loop = loops.get(loopIndex);
        ConnectionTracker tracker = track ? trackers[loopIndex] : null;
        Future<?> life;
        if (Flight.acceptedConnectionsRecorded()) {
            ConnectionAcceptedEvent.record(loop.name(), ch);
        }
        if (tracker != null) {
            tracker.add(ch, ch);      // before anything can fail: the catch below gives its place back
        }
        try {
            ch.configureBlocking(false);
            if (streamHandler != null) {
                IOStream stream = new IOStream(loop, transports.open(ch), streamOptions);
                if (tracker != null) {
                    tracker.add(ch, stream);    // closed through its stream from now on
                    stream.closeFuture().addDoneCallback(closed -> tracker.remove(ch));
                }
                life = streamHandler.handle(stream);
            } else {
                life = handler.handle(loop, ch);
            }
        } catch (Throwable t) {
            handlerErrors[loopIndex].log("connection handler failed; closing " + ch, t);
            closeQuietly(ch);
            if (tracker != null) {
                tracker.remove(ch);
            }
            return;
        }
        if (life != null) {
            life.addDoneCallback(f -> lifeEnded(loopIndex, ch, f.cause()));   // one small object per connection
        }
    }

    /** A connection's life future completed: forget the channel if it is closed, log a failure. */
    private void lifeEnded(int loopIndex, SocketChannel ch, Throwable failure) {
        if (!ch.isOpen()) {
            trackers[loopIndex].remove(ch);     // a life that ends with the channel still open: the sweep decides
        }
        if (failure instanceof StreamClosedException || failure instanceof CancellationException) {
            // the connection went away: part of a connection's normal life
            SafeLog.log(TcpServer.LOG, System.Logger.Level.DEBUG, "connection ended: " + failure, null);
        } else if (failure != null) {
            handlerErrors[loopIndex].log("connection handler's future failed for " + ch, failure);
        }
    }

    /** Connections tracked on every loop. Call when the loops are idle. */
    int tracked() {
        int n = 0;
        for (ConnectionTracker t : trackers) {
            n += t.size();
        }
        return n;
    }

    /**
     * Waits on every loop until the connections handed out there are closed, closes the ones
     * still open at {@code grace}, then completes {@code done}. Thread-safe.
     */
    void drainAll(Duration grace, Promise<Void> done) {
        AtomicInteger remaining = new AtomicInteger(loops.size());
        for (int i = 0; i < loops.size(); i++) {
            int index = i;
            IOLoop loop = loops.get(i);
            TcpServer.runOn(loop, () -> drain(index, loop.time() + grace.toNanos(), remaining, done));
        }
    }

    /**
     * One loop's part of a graceful close. It polls (every 10 ms) because a raw connection's
     * handler does not tell the server when it closes the channel; a poll is a cheap sweep.
     */
    private void drain(int index, long deadline, AtomicInteger remaining, Promise<Void> done) {
        IOLoop loop = loops.get(index);
        if (trackers[index].sweep() > 0 && loop.time() - deadline < 0) {
            loop.callLater(DRAIN_POLL, () -> drain(index, deadline, remaining, done));
            return;
        }
        trackers[index].closeAll();
        if (remaining.decrementAndGet() == 0) {
            done.tryComplete(null);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            SafeLog.log(TcpServer.LOG, System.Logger.Level.DEBUG, "error closing " + ch, e);
        }
    }
}
