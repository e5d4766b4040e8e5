package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
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

    @Test
    void twoItemsWithOneBusinessKeyAreRefusedNamingThePaths() {
        assertThatThrownBy(() -> new BusinessIdentifiers(TestSessions.example(json -> ((ArrayNode) json.get("outcomes"))
                .addObject().put("instrument", "ODI").put("score", 30).put("date", "2026-11-20"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outcomes[1]").hasMessageContaining("outcomes[0]"); // outcomes[].instrument twice
        assertThatThrownBy(() -> new BusinessIdentifiers(TestSessions.example(json -> ((ArrayNode) json.get("rangeOfMotion"))
                .addObject().put("joint", "lumbar-spine").put("movement", "flexion").put("degreesBefore", 30))))
                .hasMessageContaining("rangeOfMotion[1]"); // rangeOfMotion[].joint/movement/side twice
        assertThatThrownBy(() -> new BusinessIdentifiers(TestSessions.example(json -> ((ArrayNode) json.get("diagnoses"))
                .addObject().put("system", "icd-10-ca").put("code", "M54.16").put("text", "again"))))
                .hasMessageContaining("diagnoses[1]"); // diagnoses[].system/code twice
    }
}
