package org.imsfhir.routes.intake;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of payloads the service holds in memory at once (request bodies being read, judged
 * and answered; inbox files being taken in), bounded so that many large payloads at the same time
 * cannot exhaust the heap. Counted in KiB on a fair semaphore: a waiting inbox file is not starved
 * by a stream of small requests, which are refused (503) while it waits.
 */
public class PayloadBudget {

    /** Gauge of the bytes reserved now. */
    public static final String METRIC = "ims.intake.buffered.bytes";
    private static final Logger LOG = LoggerFactory.getLogger(PayloadBudget.class);

    private final long totalBytes;
    private final int totalKib;
    private final Semaphore kib;
    private final AtomicLong reserved = new AtomicLong();

    public PayloadBudget(long totalBytes) {
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, totalBytes / 1024));
        this.totalBytes = (long) totalKib * 1024;
        this.kib = new Semaphore(totalKib, true);
    }

    public long totalBytes() {
        return totalBytes;
    }

    private final BusyRefusals refusals = new BusyRefusals(IntakeBusyException.Limit.BUFFERED_BYTES);

    /** Counts a payload refused because this limit was reached. */
    public void refused() {
        refusals.add();
    }

    public long refusals() {
        return refusals.count();
    }

    public void bindTo(MeterRegistry metrics) {
        refusals.bindTo(metrics);
        Gauge.builder(METRIC, reserved, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of payloads held in memory now (bounded by ims.intake.max-buffered-bytes)")
                .register(metrics);
    }

    /** Reserves {@code bytes} (at most the whole budget) if they are free now, without waiting. */
    public Optional<Reservation> tryReserve(long bytes) {
        int n = units(bytes);
        try {
            // The timed form honours fairness: it never jumps ahead of a waiting inbox file.
            return kib.tryAcquire(n, 0, TimeUnit.SECONDS) ? Optional.of(new Reservation(n)) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Reserves {@code bytes} (at most the whole budget), waiting as long as it takes. */
    public Reservation reserve(long bytes) throws InterruptedException {
        int n = units(bytes);
        boolean logged = false;
        while (!kib.tryAcquire(n, 5, TimeUnit.SECONDS)) {
            if (!logged) {
                LOG.info("Waiting for {} KiB of the payload budget ({} KiB in use)", n, totalKib - kib.availablePermits());
                logged = true;
            }
        }
        return new Reservation(n);
    }

    private int units(long bytes) {
        long units = (Math.max(0, bytes) + 1023) / 1024;
        return (int) Math.min(totalKib, units);
    }

    /** Reserved bytes; released once (close is idempotent), possibly shrunk first. */
    public final class Reservation implements AutoCloseable {
        private int units;
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(int units) {
            this.units = units;
            reserved.addAndGet((long) units * 1024);
        }

        /** Gives back what is held beyond {@code bytes} (a chunked body turned out smaller than reserved). */
        public synchronized void shrinkTo(long bytes) {
            int keep = units(bytes);
            if (keep < units && !released.get()) {
                kib.release(units - keep);
                reserved.addAndGet(-(long) (units - keep) * 1024);
                units = keep;
            }
        }

        @Override
        public synchronized void close() {
            if (released.compareAndSet(false, true)) {
                kib.release(units);
                reserved.addAndGet(-(long) units * 1024);
            }
        }
    }
}
