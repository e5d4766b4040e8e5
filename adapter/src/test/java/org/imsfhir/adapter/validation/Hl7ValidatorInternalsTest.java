package org.imsfhir.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Fails loudly when an HL7/HAPI upgrade renames or drops a private member the pooled validator
 * empties after each call (then see {@link Hl7ValidatorInternals} for the new names). Cheap: no
 * validator is built; PooledInstanceValidatorTest checks the collections really end up empty.
 */
class Hl7ValidatorInternalsTest {

    @Test
    void everyGrowingCollectionOfThisHl7VersionIsFound() {
        assertThat(Hl7ValidatorInternals.missing())
                .as("HL7 validator internals the pool empties after each call (Hl7ValidatorInternals)").isEmpty();
        assertThat(Hl7ValidatorInternals.complete()).isTrue();
        assertThat(PooledInstanceValidator.CLEANUP_COMPLETE).isTrue();
    }
}
