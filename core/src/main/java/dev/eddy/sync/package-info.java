/**
 * Coordination between coroutines on one loop, built from futures instead of threads'
 * locks: {@link dev.eddy.sync.Lock}, {@link dev.eddy.sync.Semaphore},
 * {@link dev.eddy.sync.BoundedSemaphore}, {@link dev.eddy.sync.Event},
 * {@link dev.eddy.sync.Condition}; the queues {@link dev.eddy.sync.Queue},
 * {@link dev.eddy.sync.PriorityQueue}, {@link dev.eddy.sync.LifoQueue}; and
 * {@link dev.eddy.sync.FutureCache}, a cache of futures where concurrent callers share one load.
 * Tornado's {@code locks} and {@code queues} modules.
 *
 * <p>Where to start reading: {@code Waiters} (the line of waiting futures every primitive is
 * built on: first in, first out, timeouts leave at once), then {@link dev.eddy.sync.Lock}
 * (the smallest user of it), then {@link dev.eddy.sync.Queue}. The chapter is
 * {@code docs/03-coordination-without-threads.md}.
 *
 * <p>Nothing here is thread-safe and nothing blocks: every method is called on the loop's
 * thread (and checks it, failing with {@link java.lang.IllegalStateException} elsewhere),
 * and every wait is a future.
 */
package dev.eddy.sync;
