package org.imsfhir.routes.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One run per registry feed at a time. In the service the locks are rows in the database
 * ({@link DatabaseFeedLocks}, ShedLock), so that of several nodes sharing it only one cuts or
 * delivers a feed's batch at a time; {@link #inProcess()} serves a single process (tests, tools).
 */
public interface FeedLocks {

    /**
     * Runs {@code work} holding the lock {@code name}, waiting up to {@code wait} for it.
     *
     * @param holdAtLeast the lock stays taken at least this long after it was taken, even when the work
     *                    ends sooner (so a schedule firing on every node runs on one node per period)
     * @return the work's result, or empty when the lock stayed taken by another run
     */
    <T> Optional<T> withLock(String name, Duration wait, Duration holdAtLeast, Supplier<T> work);

    /** Locks of this process only. */
    static FeedLocks inProcess() {
        Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
        return new FeedLocks() {
            @Override
            public <T> Optional<T> withLock(String name, Duration wait, Duration holdAtLeast, Supplier<T> work) {
                ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
                try {
                    if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return Optional.empty();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
                try {
                    return Optional.ofNullable(work.get());
                } finally {
                    lock.unlock();
                }
            }
        };
    }
}
