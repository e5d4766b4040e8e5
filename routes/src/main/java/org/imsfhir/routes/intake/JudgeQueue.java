package org.imsfhir.routes.intake;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.micrometer.core.instrument.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The bounded judging queue: the threads that judge records (mapping + profile validation, CPU
 * bound) and the admission to them. A payload's records are admitted as a whole before it is
 * stored; at most {@code maxQueued} records are admitted and not yet judged at any time. The API
 * refuses a payload that does not fit ({@link #tryAdmit}: 503); the inbox and start-up recovery
 * wait ({@link #admit}). The pool's own queue holds as many tasks as there are permits, so it never
 * refuses an admitted task (a caller that was not admitted runs its task itself).
 *
 * <p>A Spring bean, but not an {@link Executor} bean: one would make Spring Boot drop its own task
 * executor, and Camel's platform-http would pick any thread pool it finds for the REST routes.
 */
public class JudgeQueue implements DisposableBean {

    /** Gauge of the records admitted and not yet judged. */
    public static final String METRIC = "ims.intake.queued.records";
    private static final Logger LOG = LoggerFactory.getLogger(JudgeQueue.class);

    private final int maxQueued;
    private final Semaphore permits;
    private final Executor executor;
    private final ThreadPoolTaskExecutor pool;

    /** A pool of {@code threads} judges behind an admission of {@code maxQueued} records. */
    public JudgeQueue(int threads, int maxQueued) {
        this.maxQueued = maxQueued;
        this.permits = new Semaphore(maxQueued, true);
        ThreadPoolTaskExecutor p = new ThreadPoolTaskExecutor();
        p.setCorePoolSize(threads);
        p.setMaxPoolSize(threads);
        p.setQueueCapacity(maxQueued);
        p.setKeepAliveSeconds(30);
        p.setAllowCoreThreadTimeOut(true);   // idle threads end, so a closed context leaves none behind
        p.setDaemon(true);
        p.setThreadNamePrefix("ims-judge-");
        p.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
        p.setWaitForTasksToCompleteOnShutdown(true);
        p.setAwaitTerminationSeconds(30);
        p.initialize();
        this.pool = p;
        this.executor = p;
    }

    /** On a given executor (tests): admission only, as wide as asked. */
    public JudgeQueue(Executor executor, int maxQueued) {
        this.maxQueued = maxQueued;
        this.permits = new Semaphore(maxQueued, true);
        this.executor = executor;
        this.pool = null;
    }

    /** Without a bound, judging on the given executor (as before there were limits). */
    public static JudgeQueue unbounded(Executor executor) {
        return new JudgeQueue(executor, Integer.MAX_VALUE / 2);
    }

    public Executor executor() {
        return executor;
    }

    public int maxQueued() {
        return maxQueued;
    }

    private final BusyRefusals refusals = new BusyRefusals(IntakeBusyException.Limit.QUEUED_RECORDS);

    /** Counts a payload refused because this limit was reached. */
    public void refused() {
        refusals.add();
    }

    public long refusals() {
        return refusals.count();
    }

    public void bindTo(MeterRegistry metrics) {
        refusals.bindTo(metrics);
        Gauge.builder(METRIC, permits, p -> maxQueued - p.availablePermits())
                .description("Records admitted to judging and not yet judged (bounded by ims.intake.max-queued-records)")
                .register(metrics);
        if (pool != null) {
            new ExecutorServiceMetrics(pool.getThreadPoolExecutor(), "ims-judges", List.<Tag>of()).bindTo(metrics);
        }
    }

    /** Whether no record at all could be admitted now (a cheap check before a payload is read). */
    public boolean full() {
        return permits.availablePermits() == 0;
    }

    /** Admits {@code records} (at most the whole queue) if there is room now, without waiting. */
    public Optional<Ticket> tryAdmit(int records) {
        int n = units(records);
        try {
            // The timed form honours fairness: a waiting inbox file is not overtaken.
            return permits.tryAcquire(n, 0, TimeUnit.SECONDS) ? Optional.of(new Ticket(n)) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Admits {@code records} (at most the whole queue), waiting for room as long as it takes. */
    public Ticket admit(int records) throws InterruptedException {
        int n = units(records);
        boolean logged = false;
        while (!permits.tryAcquire(n, 5, TimeUnit.SECONDS)) {
            if (!logged) {
                LOG.info("Waiting for room in the judging queue for {} record(s)", n);
                logged = true;
            }
        }
        return new Ticket(n);
    }

    private int units(int records) {
        return Math.min(maxQueued, Math.max(0, records));
    }

    /** Admitted records; closing gives their room back (once). */
    public final class Ticket implements AutoCloseable {
        private final int n;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Ticket(int n) {
            this.n = n;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                permits.release(n);
            }
        }
    }

    @Override
    public void destroy() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
