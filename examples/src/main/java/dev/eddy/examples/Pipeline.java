package dev.eddy.examples;

import dev.eddy.Future;
import dev.eddy.IOLoop;
import dev.eddy.gen.Coroutine;
import dev.eddy.sync.Queue;

import java.time.Duration;

import static dev.eddy.gen.Coroutine.await;

/**
 * A producer/consumer pipeline on one thread: a fast producer, a bounded {@link Queue}, and
 * a few slow workers. Watch the producer wait whenever the queue is full: that is
 * back-pressure, and it is why memory stays flat however many jobs there are.
 *
 * <pre>java -jar examples/target/eddy-examples.jar pipeline [--jobs 12] [--workers 3] [--maxsize 2]</pre>
 */
final class Pipeline {

    static final CommandLine CLI = new CommandLine("pipeline",
            "producer/consumer on one thread: a bounded queue paces a fast producer")
            .integer("--jobs", 12, 0, 1_000_000, "jobs the producer makes")
            .integer("--workers", 3, 1, 10_000, "workers taking jobs from the queue")
            .integer("--maxsize", 2, 0, 1_000_000, "queue capacity (0: unbounded); the producer waits when it is full");

    private Pipeline() {
    }

    static void main(String[] args) {
        CommandLine.Values options = CLI.parse(args);
        int jobs = options.integer("--jobs");
        int workers = options.integer("--workers");
        int maxsize = options.integer("--maxsize");
        long start = System.nanoTime();
        try (IOLoop loop = new IOLoop()) {
            loop.runSync(() -> {
                Queue<Integer> queue = new Queue<>(loop, maxsize);
                for (int w = 1; w <= workers; w++) {
                    worker(loop, queue, "worker " + w, start);
                }
                Future<Void> produced = Coroutine.async(loop, () -> {
                    for (int job = 1; job <= jobs; job++) {
                        Future<Void> put = queue.put(job);
                        if (!put.isDone()) {
                            log(start, "producer: queue full (" + queue.size() + "), waiting to put job " + job);
                        }
                        await(put);
                    }
                    log(start, "producer: all " + jobs + " jobs queued");
                    return null;
                });
                // done when everything was produced and every job was marked done
                return produced.flatMap(v -> queue.join());
            }, Duration.ofMinutes(1));
        }
        log(start, "all jobs done");
    }

    /** A worker: take a job, "process" it (a timer standing in for slow IO), mark it done, repeat. */
    private static void worker(IOLoop loop, Queue<Integer> queue, String name, long start) {
        Coroutine.async(loop, () -> {
            while (true) {
                int job = await(queue.get());
                log(start, name + ": working on job " + job);
                Coroutine.sleep(Duration.ofMillis(50 + 30L * (job % 3)));
                queue.taskDone();
            }
        });
    }

    private static void log(long start, String what) {
        System.out.printf("%6.1f ms  %s%n", (System.nanoTime() - start) / 1e6, what);
    }
}
