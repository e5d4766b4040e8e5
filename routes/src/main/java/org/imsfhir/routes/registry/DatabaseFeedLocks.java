package org.imsfhir.routes.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * Feed locks as rows of the {@code shedlock} table (ShedLock's JDBC provider on the database's
 * clock), shared by every node of the database. A node that dies holding one frees it after
 * {@code lockAtMostFor}. Waiting for a lock polls it (a lock is held for one batch run).
 */
public final class DatabaseFeedLocks implements FeedLocks {

    private static final Duration POLL = Duration.ofMillis(250);

    private final LockProvider provider;
    private final Duration lockAtMostFor;

    public DatabaseFeedLocks(LockProvider provider, Duration lockAtMostFor) {
        this.provider = provider;
        this.lockAtMostFor = lockAtMostFor;
    }

    @Override
    public <T> Optional<T> withLock(String name, Duration wait, Duration holdAtLeast, Supplier<T> work) {
        Instant giveUp = Instant.now().plus(wait);
        Optional<SimpleLock> lock = provider.lock(new LockConfiguration(Instant.now(), name, lockAtMostFor, holdAtLeast));
        while (lock.isEmpty() && Instant.now().isBefore(giveUp)) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            lock = provider.lock(new LockConfiguration(Instant.now(), name, lockAtMostFor, holdAtLeast));
        }
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(work.get());
        } finally {
            lock.get().unlock();
        }
    }
}
