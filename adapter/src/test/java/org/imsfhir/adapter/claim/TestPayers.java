package org.imsfhir.adapter.claim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The payers of the sample corpus, configured as a deployment would configure them. */
final class TestPayers {
    private TestPayers() {
    }

    static String resource(String name) {
        try (InputStream in = TestPayers.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FeeCodeMapping prairieBlueMapping() {
        return FeeCodeMapping.parse("prairie-blue-physio.csv", resource("/claims/prairie-blue-physio.csv"));
    }

    static PayerDirectory corpus(CountingRule rule) {
        return new PayerDirectory(List.of(
                new PayerConfig("ACME-HEALTH", "ACME Health (synthetic)", "cpt", "USD", rule, null, null),
                new PayerConfig("GOLDEN-STATE-PPO", null, "cpt", "USD", rule, null, null),
                new PayerConfig("EMPIRE-MUTUAL", null, "cpt", "USD", rule, null, null),
                new PayerConfig("PRAIRIE-BLUE", "Prairie Blue (synthetic)", "prairie-blue-physio", "CAD", rule, null,
                        prairieBlueMapping())));
    }

    /** A non-CPT payer billing with the given mapping file text. */
    static PayerConfig mapped(String csv) {
        return new PayerConfig("ACME-HEALTH", null, "acme-fees", "USD", CountingRule.DISTINCT_MUSCLE, null,
                FeeCodeMapping.parse("test-mapping.csv", csv));
    }
}
