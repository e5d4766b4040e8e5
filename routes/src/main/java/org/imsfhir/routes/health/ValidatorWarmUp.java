package org.imsfhir.routes.health;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the profile validator once, off the start-up thread, after the service is ready: the
 * validator is built by then (the context waits for it), so a record that arrives meanwhile is
 * judged all the same, only slower while the JIT compiler catches up. Readiness stays UP while it
 * warms and goes DOWN only if warming fails ({@link ValidatorHealthIndicator}).
 */
public final class ValidatorWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatorWarmUp.class);

    /** Where the warm-up stands. */
    public enum State { OFF, WAITING, WARMING, WARM, FAILED }

    private final Runnable warmUp;
    private final Runnable afterReady;
    private final AtomicReference<State> state;
    private volatile Duration took;
    private volatile String failure;
    private volatile boolean finished;

    /**
     * @param warmUp     the validator that answers valid Bundles (the compiled one); its failure makes
     *                   readiness DOWN; null: warm-up off
     * @param afterReady warmed next, in the same background task; its failure is only logged (the HL7
     *                   validator that words rejections)
     */
    public ValidatorWarmUp(Runnable warmUp, Runnable afterReady) {
        this.warmUp = warmUp;
        this.afterReady = afterReady;
        this.state = new AtomicReference<>(warmUp == null ? State.OFF : State.WAITING);
    }

    /** Starts warming on {@code executor} (once; later calls do nothing). */
    public void start(Executor executor) {
        if (!state.compareAndSet(State.WAITING, State.WARMING)) {
            return;
        }
        executor.execute(this::run);
    }

    private void run() {
        long start = System.nanoTime();
        try {
            warmUp.run();
            took = Duration.ofNanos(System.nanoTime() - start);
            state.set(State.WARM);
            if (afterReady != null) {
                afterReady.run();
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            failure = e.getClass().getName();
            if (state.get() == State.WARM) {
                LOG.warn("Warming the HL7 validator failed ({}); rejected records will be slower at first", failure);
                return;
            }
            state.set(State.FAILED);
            LOG.error("Warming the profile validator failed ({}); readiness is DOWN", failure);
        } finally {
            finished = true;
        }
    }

    /** Whether both warm-ups have ended (warm or failed); for benchmarks that measure a warm service. */
    public boolean finished() {
        return finished || state.get() == State.OFF;
    }

    public State state() {
        return state.get();
    }

    /** How long warming took, once warm. */
    public Duration took() {
        return took;
    }

    /** The class of the failure, once failed. */
    public String failure() {
        return failure;
    }
}
