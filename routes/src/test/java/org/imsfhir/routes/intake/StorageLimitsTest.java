package org.imsfhir.routes.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.engine.ReadRecord;
import org.junit.jupiter.api.Test;

/** Values the stores cannot hold are named by field path and limit, never quoted. */
class StorageLimitsTest {

    private static final String SYSTEM = "https://limits.example/pms";

    @Test
    void aRecordWithinTheLimitsIsUnchanged() {
        ReadRecord record = unread(SYSTEM + "|S-1");
        assertThat(StorageLimits.apply(record)).isSameAs(record);
    }

    @Test
    void aSessionIdTooLongForTheKeyIsNamedWithTheLimitAndTheKeyIsNotKept() {
        ReadRecord applied = StorageLimits.apply(unread(SYSTEM + "|" + "x".repeat(100_000)));

        assertThat(applied.sessionKey()).isNull();
        assertThat(applied.checked()).isFalse();
        assertThat(applied.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("sessionId");
            assertThat(v.reason()).contains("100000 characters").contains("800").doesNotContain("xxxx");
        });
    }

    @Test
    void aSourceSystemTooLongIsNamed() {
        ReadRecord applied = StorageLimits.apply(unread("https://" + "s".repeat(600) + "|S-1"));

        assertThat(applied.violations()).extracting(Violation::path).containsExactly("source.system");
        assertThat(applied.violations().get(0).reason()).contains("512");
        assertThat(applied.sessionKey()).as("the key fits its own column").isNotNull();
    }

    @Test
    void aNulCharacterInTheKeyIsNamed() {
        ReadRecord applied = StorageLimits.apply(unread(SYSTEM + "|S-\u0000"));

        assertThat(applied.sessionKey()).isNull();
        assertThat(applied.violations()).extracting(Violation::path).containsExactly("sessionId");
        assertThat(applied.violations().get(0).reason()).contains("U+0000");
    }

    private static ReadRecord unread(String key) {
        return new ReadRecord(0, 1, "{}", key, null, List.of());
    }
}
