package org.imsfhir.routes.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RecordMdcTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void setsTheIdsForTheWorkAndRestoresWhatWasThereAfter() {
        try (RecordMdc intake = RecordMdc.intake(7)) {
            assertThat(MDC.get(RecordMdc.INTAKE_ID)).isEqualTo("7");
            try (RecordMdc record = RecordMdc.record(7, 42)) {
                assertThat(MDC.get(RecordMdc.MESSAGE_ID)).isEqualTo("42");
            }
            assertThat(MDC.get(RecordMdc.INTAKE_ID)).as("the intake's id stays for the rest of the intake").isEqualTo("7");
            assertThat(MDC.get(RecordMdc.MESSAGE_ID)).isNull();
        }
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void aDeliveryAttemptCarriesAllFourKeysAndLeavesNothingBehind() {
        try (RecordMdc delivery = RecordMdc.delivery(3, 42, 99, "ehr")) {
            assertThat(MDC.getCopyOfContextMap()).containsEntry("intakeId", "3").containsEntry("messageId", "42")
                    .containsEntry("deliveryId", "99").containsEntry("destination", "ehr");
        }
        try (RecordMdc delivery = RecordMdc.delivery(0, 42, 99, "ehr")) {
            assertThat(MDC.get(RecordMdc.INTAKE_ID)).as("unknown intake: not set").isNull();
        }
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
}
