package dev.eddy.testing;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.Promise;
import dev.eddy.Timeout;
import dev.eddy.net.ConnectionRefusedException;
import dev.eddy.net.IOStream;
import dev.eddy.net.StreamOptions;

import java.io.IOException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A network in memory, on a {@link TestLoop}'s virtual time, whose every decision comes from
 * one seed: connections are pairs of {@link SimulatedTransport}s, and how their bytes travel
 * (cut into which pieces, arriving how late, through buffers of which size, reset after how
 * many bytes, stalled when) is drawn from a {@link Random} seeded by the test, within the
 * ranges of its {@link NetworkFaults}. A client and a server on the loop then talk with no
 * socket, and a run that failed replays exactly from its seed: FoundationDB's simulation,
 * for one loop.
 *
 * <pre>{@code
 * try (TestLoop test = TestLoop.onVirtualTime()) {
 *     SimulatedNetwork net = new SimulatedNetwork(test, seed, NetworkFaults.all());
 *     SimulatedNetwork.Listener listener = net.listen("server", 80, t -> server.serve(test.loop(), t));
 *     ... connect with net.connect("server", 80), run the exchange with test.run(...) ...
 *     listener.close();
 * }   // a connection left open is a leak, like a socket
 * }</pre>
 *
 * <h2>Why a seed is enough</h2>
 * Nothing here reads a clock other than the loop's, starts a thread, or iterates a hash
 * order: the loop runs callbacks in the order they were queued and timers in deadline order
 * (ties in the order they were made), and the network draws from its {@code Random} only on
 * the loop thread, in that order. So the same test with the same seed and faults makes the
 * same draws, the same pieces arrive at the same virtual times, and the {@link #trace()}
 * comes out line for line the same. {@code java.util.Random}'s algorithm is fixed by its
 * specification, and the arithmetic on draws is {@link StrictMath}, so a seed replays on
 * another JDK too.
 *
 * <h2>Leaks</h2>
 * The test loop's {@link TestLoop#pending()} and leak check see the network: a connection end
 * not closed, and a listener not closed, are reported like an open channel. Pieces still in
 * flight are timers of the loop; once both ends of a connection are closed, nothing of it is
 * left.
 *
 * <p>Loop thread only (or the test's thread while the loop is not running).
 */
public final class SimulatedNetwork {

    private final TestLoop test;
    private final IOLoop loop;
    private final long seed;
    private final NetworkFaults faults;
    private final Random random;
    private final long maxDelayNanos;
    private final long maxStallNanos;
    private final Map<String, Listener> listeners = new LinkedHashMap<>();
    private final Map<SimulatedTransport, CreationSite> open = new LinkedHashMap<>();
    /** What the network did; {@link #trace()} makes it text. */
    final NetworkTrace log;
    private int connections;

    /**
     * A network on {@code test}'s loop, drawing every decision from {@code seed} within
     * {@code faults}. The test loop's leak check and pending report include it from now on.
     *
     * @param test the test loop the network's connections run on; best on virtual time, where
     *     delays cost nothing
     * @param seed what every decision is drawn from; print it when a test fails
     * @param faults the ranges the decisions are drawn from
     */
    public SimulatedNetwork(TestLoop test, long seed, NetworkFaults faults) {
        this.test = Objects.requireNonNull(test, "test");
        this.loop = test.loop();
        this.seed = seed;
        this.faults = Objects.requireNonNull(faults, "faults");
        this.random = new Random(seed);
        this.log = new NetworkTrace(loop);
        this.maxDelayNanos = faults.maxDelay().toNanos();
        this.maxStallNanos = faults.maxStall().toNanos();
        test.watch(this::leftOpen);
    }

    /**
     * The seed every decision is drawn from.
     *
     * @return the seed given at construction
     */
    public long seed() {
        return seed;
    }

    /**
     * The ranges the decisions are drawn from.
     *
     * @return the faults given at construction
     */
    public NetworkFaults faults() {
        return faults;
    }

    /**
     * The loop every connection of this network runs on.
     *
     * @return the test loop's loop
     */
    public IOLoop loop() {
        return loop;
    }

    // ------------------------------------------------------------------ listening and connecting

    /**
     * Listens on {@code host:port} (names only: nothing is resolved or bound): every
     * connection made to it is handed to {@code onAccept} as its accepted end, on the loop,
     * the way an acceptor hands over a socket. Close the listener when done (an open one is a
     * leak).
     *
     * @param host any name; connections must use the same one
     * @param port any number; connections must use the same one
     * @param onAccept takes each accepted end (and owns it from then on: it must close it);
     *     what it throws closes the connection and fails the connecting side's future with it
     * @return the listener
     * @throws IllegalStateException when something already listens there
     */
    public Listener listen(String host, int port, AcceptHandler onAccept) {
        String address = host + ":" + port;
        Listener existing = listeners.get(address);
        if (existing != null && !existing.closed) {
            throw new IllegalStateException("something already listens on simulated " + address);
        }
        Listener l = new Listener(address, Objects.requireNonNull(onAccept, "onAccept"),
                test.creationSite("simulated listener made"));
        listeners.put(address, l);
        log.add(address, "listening");
        return l;
    }

    /**
     * Connects to {@code host:port}: after a delay drawn like a piece's, the listener there
     * gets the accepted end and the future the connecting end. Fails with a
     * {@link ConnectionRefusedException} when nothing listens there by then. Cancelling the
     * future abandons the attempt.
     *
     * @param host the name a listener was given
     * @param port the port a listener was given
     * @return a future completing with the connecting end, open, not yet registered
     */
    public Future<SimulatedTransport> connect(String host, int port) {
        String address = host + ":" + port;
        String name = "c" + (++connections);
        Promise<SimulatedTransport> result = new Promise<>(loop);
        CreationSite site = test.creationSite("simulated connection " + name + " opened");
        long delay = delay();
        log.add(name, "connecting to " + address, -1, loop.time() + delay);
        Timeout arrival = loop.callLater(delay, () -> {
            if (result.isDone()) {
                return;
            }
            Listener l = listeners.get(address);
            if (l == null || l.closed) {
                log.add(name, "refused: nothing listens on " + address);
                result.tryFail(new ConnectionRefusedException("simulated connection to " + address
                        + " refused: nothing listens there", null));
                return;
            }
            SimulatedTransport client = open(name, site);
            log.add(name, "accepted on " + address);
            try {
                l.onAccept.accept(client.peer());
            } catch (IOException | RuntimeException | Error e) {
                client.peer().close();
                client.close();
                result.tryFail(e);
                return;
            }
            if (!result.tryComplete(client)) {
                client.close();
            }
        });
        result.addDoneCallback(f -> {
            if (f.isCancelled()) {
                arrival.cancel();
            }
        });
        return result;
    }

    /**
     * {@link #connect} wrapped in an {@link IOStream}: what a client that works with streams
     * (Eddy's HTTP client, through its {@code Connector}) wants.
     *
     * @param host the name a listener was given
     * @param port the port a listener was given
     * @param options the new stream's buffering and timeouts
     * @return a future completing with a stream over the connecting end, registered with the loop
     */
    public Future<IOStream> connectStream(String host, int port, StreamOptions options) {
        Objects.requireNonNull(options, "options");
        return connect(host, port).flatMap(t -> {
            try {
                return Future.succeeded(loop, new IOStream(loop, t, options));
            } catch (IOException | RuntimeException e) {
                t.close();
                return Future.failed(loop, e);
            }
        });
    }

    /**
     * A connection that needs no listener, open at once: for tests of one transport pair.
     *
     * @return the connecting end; its {@link SimulatedTransport#peer()} is the accepted end
     */
    public SimulatedTransport pair() {
        String name = "c" + (++connections);
        return open(name, test.creationSite("simulated connection " + name + " opened"));
    }

    /** Opens a connection: draws its plan (buffers, reset, stalls), makes its ends and flows. */
    private SimulatedTransport open(String name, CreationSite site) {
        long resetAfter = -1;
        boolean clientResets = false;
        if (faults.resetChance() > 0 && random.nextDouble() < faults.resetChance()) {
            resetAfter = random.nextInt(faults.resetWithinBytes() + 1);
            clientResets = random.nextBoolean();
        }
        SimulatedTransport.Connection c = new SimulatedTransport.Connection(name, resetAfter, clientResets);
        SimulatedTransport[] ends = SimulatedTransport.pair(this, c);
        SimulatedTransport client = ends[0];
        SimulatedTransport server = ends[1];
        if (resetAfter >= 0) {
            log.add(name, "will be reset after # bytes, at the " + (clientResets ? "client" : "server"), resetAfter);
        }
        SimulatedFlow toServer = flow(client, server, name + ">");
        SimulatedFlow toClient = flow(server, client, name + "<");
        SimulatedTransport.join(client, toServer, toClient);
        open.put(client, site);
        open.put(server, site);
        return client;
    }

    private SimulatedFlow flow(SimulatedTransport from, SimulatedTransport to, String label) {
        int capacity = bufferSize();
        long stallFrom = 0;
        long stallUntil = 0;
        if (faults.stallChance() > 0 && random.nextDouble() < faults.stallChance()) {
            stallFrom = loop.time() + uniform(maxStallNanos);
            stallUntil = stallFrom + uniform(maxStallNanos);
        }
        log.add(label, "buffer # bytes", capacity);
        return new SimulatedFlow(this, from, to, label, capacity, stallFrom, stallUntil);
    }

    /** A transport closed: it no longer counts as open. */
    void closed(SimulatedTransport t) {
        open.remove(t);
    }

    // ------------------------------------------------------------------ the draws

    /** A buffer size in [minBuffer, maxBuffer], small sizes as likely as large ones (log-uniform). */
    private int bufferSize() {
        int min = faults.minBuffer();
        int max = faults.maxBuffer();
        if (min == max) {
            return min;
        }
        double size = min * StrictMath.pow((double) max / min, random.nextDouble());
        return (int) Math.max(min, Math.min(max, Math.round(size)));
    }

    /** How late the next piece arrives: none a quarter of the time, else uniform up to maxDelay. */
    long delay() {
        if (maxDelayNanos == 0 || random.nextInt(4) == 0) {
            return 0;
        }
        return uniform(maxDelayNanos);
    }

    private long uniform(long maxNanos) {
        return (long) (random.nextDouble() * (maxNanos + 1));
    }

    /** The size of the next piece of a write with {@code left} bytes to go: all, a few, or any. */
    int pieceSize(int left) {
        if (!faults.splitWrites() || left == 1) {
            return left;
        }
        return switch (random.nextInt(4)) {
            case 0 -> left;
            case 1 -> 1 + random.nextInt(Math.min(left, 8));
            default -> 1 + random.nextInt(left);
        };
    }

    /** Whether a read that emptied one piece goes on into the next one that has arrived. */
    boolean readOnInto() {
        return !faults.splitWrites() || random.nextBoolean();
    }

    /** Whether an owner that asked for readiness is called although nothing is ready. */
    boolean spuriousCall() {
        return faults.spuriousChance() > 0 && random.nextDouble() < faults.spuriousChance();
    }

    // ------------------------------------------------------------------ trace and reports

    /**
     * What the network did, one line per event, oldest first (the latest 100,000): each line
     * starts with the virtual time since the network was made. Two runs with the same seed,
     * faults and test produce the same list; print its end when a seed fails.
     *
     * @return the trace as text, a new list
     */
    public List<String> trace() {
        return log.lines();
    }

    /** Connection ends and listeners not closed, for the test loop's pending report and leak check. */
    private List<ResourceTracker.Item> leftOpen() {
        List<ResourceTracker.Item> items = new ArrayList<>();
        open.forEach((t, site) -> items.add(new ResourceTracker.Item("open " + t, site)));
        listeners.values().forEach(l -> {
            if (!l.closed) {
                items.add(new ResourceTracker.Item("open simulated listener on " + l.address, l.site));
            }
        });
        return items;
    }

    @Override
    public String toString() {
        return "SimulatedNetwork[seed " + seed + ", " + open.size() + " open ends, " + faults + "]";
    }

    /**
     * What a {@link Listener} does with each accepted end, as an acceptor hands a socket to
     * a server: {@code transport -> server.serve(loop, transport)}.
     */
    @FunctionalInterface
    public interface AcceptHandler {

        /**
         * Takes an accepted connection; called on the loop.
         *
         * @param transport the accepted end, open, not yet registered; the handler owns it
         * @throws IOException when it cannot take the connection (the connection is then closed)
         */
        void accept(SimulatedTransport transport) throws IOException;
    }

    /**
     * Where a {@link SimulatedNetwork} takes connections for one address; see
     * {@link SimulatedNetwork#listen}. Closing it refuses later connections; connections
     * already accepted stay open.
     */
    public final class Listener implements AutoCloseable {
        private final String address;
        private final AcceptHandler onAccept;
        private final CreationSite site;
        private boolean closed;

        private Listener(String address, AcceptHandler onAccept, CreationSite site) {
            this.address = address;
            this.onAccept = onAccept;
            this.site = site;
        }

        /**
         * Where it listens.
         *
         * @return {@code host:port}
         */
        public String address() {
            return address;
        }

        /** Stops listening; closing twice does nothing. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                log.add(address, "stopped listening");
            }
        }

        @Override
        public String toString() {
            return "SimulatedNetwork.Listener[" + address + (closed ? ", closed" : "") + "]";
        }
    }
}
