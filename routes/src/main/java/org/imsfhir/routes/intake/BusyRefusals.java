package org.imsfhir.routes.intake;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** Payloads refused (503, not stored) because one back-pressure limit was reached, as a meter. */
final class BusyRefusals {

    private final IntakeBusyException.Limit limit;
    private final AtomicLong count = new AtomicLong();

    BusyRefusals(IntakeBusyException.Limit limit) {
        this.limit = limit;
    }

    void add() {
        count.incrementAndGet();
    }

    long count() {
        return count.get();
    }

    void bindTo(MeterRegistry metrics) {
        FunctionCounter.builder(IntakeBusyException.METRIC, count, AtomicLong::get)
                .tag("limit", limit.tag())
                .description("Payloads refused with 503 for back-pressure (not stored)")
                .register(metrics);
    }
}
