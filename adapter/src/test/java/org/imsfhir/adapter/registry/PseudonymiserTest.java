package org.imsfhir.adapter.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PseudonymiserTest {
    private static final String SYSTEM = "https://westside-physio.example/pms";
    private static final String SECRET_A = "registry-a-test-secret-not-real";
    private static final String SECRET_B = "registry-b-test-secret-not-real";

    @Test
    void samePatientSameSecretGivesSamePseudonymAcrossInstances() {
        String first = Pseudonymiser.of(SECRET_A).pseudonym(SYSTEM, "P-90001");
        String second = Pseudonymiser.of(SECRET_A).pseudonym(SYSTEM, "P-90001");
        assertThat(second).isEqualTo(first);
        assertThat(first).matches("[0-9a-f]{64}"); // a valid FHIR id (<= 64 chars)
    }

    @Test
    void differentSecretsGiveDifferentPseudonyms() {
        assertThat(Pseudonymiser.of(SECRET_B).pseudonym(SYSTEM, "P-90001"))
                .isNotEqualTo(Pseudonymiser.of(SECRET_A).pseudonym(SYSTEM, "P-90001"));
    }

    @Test
    void differentPatientsAndSystemsGiveDifferentPseudonyms() {
        Pseudonymiser p = Pseudonymiser.of(SECRET_A);
        assertThat(p.pseudonym(SYSTEM, "P-90002")).isNotEqualTo(p.pseudonym(SYSTEM, "P-90001"));
        assertThat(p.pseudonym("https://other.example/pms", "P-90001")).isNotEqualTo(p.pseudonym(SYSTEM, "P-90001"));
        // the length prefix keeps the split between system and id unambiguous
        assertThat(p.pseudonym("a|b", "c")).isNotEqualTo(p.pseudonym("a", "b|c"));
    }

    @Test
    void knownAnswer() {
        // HMAC-SHA256(key "0123456789abcdef", "1:s|p"), computed independently with openssl:
        // printf '1:s|p' | openssl dgst -sha256 -hmac 0123456789abcdef
        assertThat(Pseudonymiser.of("0123456789abcdef").pseudonym("s", "p")).isEqualTo(KNOWN);
    }

    @Test
    void refusesShortSecretsAndHidesTheSecret() {
        assertThatThrownBy(() -> Pseudonymiser.of("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("short");
        assertThat(Pseudonymiser.of(SECRET_A).toString()).doesNotContain(SECRET_A);
    }

    private static final String KNOWN = "b0d86f386fab9520b294415305f3b3ba9b11e7af036cee367c564d41e7c92a3a";
}
