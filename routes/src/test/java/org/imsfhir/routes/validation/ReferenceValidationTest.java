package org.imsfhir.routes.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.imsfhir.adapter.validation.ValidationIssue;
import org.imsfhir.adapter.validation.ValidationReport;
import org.junit.jupiter.api.Test;

class ReferenceValidationTest {

    private static final ValidationReport CLEAN = new ValidationReport(List.of(), List.of());
    private static final ValidationReport ERROR = new ValidationReport(List.of(new ValidationIssue(
            ValidationIssue.Severity.ERROR, "Bundle.entry[2].resource.status", "Terminology_TX_NoValid_16", "code-invalid",
            null, "the value 'Jane Doe' is not ...")), List.of());

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void everySampledPassIsComparedAndAnHl7ErrorIsADisagreement() {
        ReferenceValidation sampler = new ReferenceValidation(1.0, Runnable::run, registry);
        sampler.compiledValid(() -> CLEAN);
        sampler.compiledValid(() -> ERROR);
        assertThat(count(ReferenceValidation.CHECKS)).isEqualTo(2);
        assertThat(count(ReferenceValidation.DISAGREEMENTS)).isEqualTo(1);
        assertThat(count(ReferenceValidation.SKIPPED)).isZero();
    }

    @Test
    void shareZeroNeverAsksTheHl7Validator() {
        AtomicInteger asked = new AtomicInteger();
        ReferenceValidation sampler = new ReferenceValidation(0, Runnable::run, registry);
        for (int i = 0; i < 1000; i++) {
            sampler.compiledValid(() -> {
                asked.incrementAndGet();
                return CLEAN;
            });
        }
        assertThat(asked).hasValue(0);
        assertThat(count(ReferenceValidation.CHECKS)).isZero();
    }

    @Test
    void aShareSamplesAboutThatShare() {
        ReferenceValidation sampler = new ReferenceValidation(0.1, Runnable::run, registry);
        for (int i = 0; i < 10_000; i++) {
            sampler.compiledValid(() -> CLEAN);
        }
        assertThat(count(ReferenceValidation.CHECKS)).isBetween(800.0, 1200.0);
    }

    @Test
    void comparisonsBeyondTheInFlightLimitAreDroppedNotQueued() {
        List<Runnable> held = new ArrayList<>();
        ReferenceValidation sampler = new ReferenceValidation(1.0, held::add, registry);
        for (int i = 0; i < ReferenceValidation.MAX_IN_FLIGHT + 3; i++) {
            sampler.compiledValid(() -> CLEAN);
        }
        assertThat(held).hasSize(ReferenceValidation.MAX_IN_FLIGHT);
        assertThat(count(ReferenceValidation.SKIPPED)).isEqualTo(3);
        held.forEach(Runnable::run);
        sampler.compiledValid(() -> CLEAN);
        assertThat(held).as("room again once the running ones finished").hasSize(ReferenceValidation.MAX_IN_FLIGHT + 1);
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new ReferenceValidation(1.5, Runnable::run, registry))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
