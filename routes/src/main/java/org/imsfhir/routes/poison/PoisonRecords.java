package org.imsfhir.routes.poison;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.imsfhir.routes.camel.SafeThrowable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Counts and logs items that were set aside so that the loop over stored work could go on (a
 * poison record, a delivery whose attempt broke off). One counter per stage
 * ({@value #METRIC}, tag {@code stage}); log lines name the item by its ids and the exception by
 * its class only: exception messages may quote patient data.
 */
public class PoisonRecords {

    public static final String METRIC = "ims.poison.records";
    private static final Logger LOG = LoggerFactory.getLogger(PoisonRecords.class);

    private final Map<PoisonStage, Counter> counters = new EnumMap<>(PoisonStage.class);
    private final Map<PoisonStage, AtomicLong> counts = new EnumMap<>(PoisonStage.class);

    /** Without a meter registry (tests, tools): counted in memory only. */
    public PoisonRecords() {
        this(null);
    }

    public PoisonRecords(MeterRegistry metrics) {
        for (PoisonStage stage : PoisonStage.values()) {
            counts.put(stage, new AtomicLong());
            if (metrics != null) {
                counters.put(stage, Counter.builder(METRIC).tag("stage", stage.tag())
                        .description("Items set aside (rejected or marked with a reason) so that the others go on")
                        .register(metrics));
            }
        }
    }

    /**
     * Counts one item set aside and logs it at WARN.
     *
     * @param item  what it is, by ids only, e.g. "intake 17" or "delivery 42 (system|S-1)"
     * @param cause the exception, logged by class and stack frames without its message; may be null
     */
    public void setAside(PoisonStage stage, String item, String reason, Throwable cause) {
        counts.get(stage).incrementAndGet();
        Counter counter = counters.get(stage);
        if (counter != null) {
            counter.increment();
        }
        if (cause == null) {
            LOG.warn("Set aside at {}: {}: {}", stage.tag(), item, reason);
        } else {
            LOG.warn("Set aside at {}: {}: {} ({})", stage.tag(), item, reason, cause.getClass().getName(),
                    SafeThrowable.of(cause));
        }
    }

    /** How many items were set aside at a stage since start. */
    public long count(PoisonStage stage) {
        return counts.get(stage).get();
    }

    /**
     * Whether a failure is the message store being unreachable or busy rather than the item's fault:
     * such items are left as they are (tried again later), never set aside.
     */
    public static boolean transientFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TransientDataAccessException || c instanceof DataAccessResourceFailureException
                    || c instanceof RecoverableDataAccessException || c instanceof CannotCreateTransactionException
                    || c instanceof java.sql.SQLTransientException || c instanceof java.sql.SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }

    /** The class name of a failure, for stored reasons (never its message). */
    public static String describe(Throwable t) {
        return t.getClass().getSimpleName();
    }
}
