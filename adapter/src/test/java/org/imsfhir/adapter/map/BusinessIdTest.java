package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BusinessIdTest {

    @Test
    void fullUrlIsNameBasedUuidOfTypeAndIdentifier() {
        BusinessId id = new BusinessId("Procedure", "https://x.example/pms/session", "S-1");
        UUID expected = UUID.nameUUIDFromBytes("Procedure|https://x.example/pms/session|S-1".getBytes(StandardCharsets.UTF_8));
        assertThat(id.fullUrl()).isEqualTo("urn:uuid:" + expected);
        assertThat(id.uuid().version()).isEqualTo(3);
    }

    @Test
    void sameIdentifierOnAnotherResourceTypeGetsAnotherFullUrl() {
        BusinessId encounter = new BusinessId("Encounter", "https://x.example/pms/session", "S-1");
        BusinessId procedure = new BusinessId("Procedure", "https://x.example/pms/session", "S-1");
        assertThat(encounter.fullUrl()).isNotEqualTo(procedure.fullUrl());
        assertThat(encounter.searchQuery()).isEqualTo(procedure.searchQuery());
    }

    @Test
    void plainIdsStayReadableOthersAreEscaped() {
        assertThat(new BusinessId("Patient", "https://x.example/pms/patient", "P-88812").conditionalUrl())
                .isEqualTo("Patient?identifier=https://x.example/pms/patient|P-88812");
        assertThat(SearchToken.escape("a&b#c")).isEqualTo("a%26b%23c");
        assertThat(SearchToken.escape("a$b\\c")).isEqualTo("a%5C%24b%5C%5Cc");
        assertThat(SearchToken.escape("é")).isEqualTo("%C3%A9");
    }
}
