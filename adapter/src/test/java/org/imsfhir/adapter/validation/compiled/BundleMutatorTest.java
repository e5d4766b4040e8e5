package org.imsfhir.adapter.validation.compiled;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.imsfhir.adapter.samples.SampleRecords;
import org.imsfhir.adapter.validation.ImsPackage;
import org.imsfhir.adapter.validation.compiled.Mutation.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mutation generator over the valid sample Bundles; no validator is run. */
class BundleMutatorTest {

    /**
     * Combinations per Bundle. The single mutations of the 34 sample Bundles already number about
     * 27,600, so this only has to stay modest (the total must be at least 10,000).
     */
    private static final int RANDOM_PER_BUNDLE = 10;

    private static FhirContext ctx;
    private static ImsPackage pkg;
    private static BundleMutator mutator;
    private static List<String> bundles;

    @BeforeAll
    static void setUp() {
        ctx = FhirContext.forR4Cached();
        pkg = ImsPackage.fromClasspath(ctx);
        mutator = new BundleMutator(pkg, ctx);
        bundles = SampleBundles.sampleBundleJson();
    }

    @Test
    void sameSeedGivesTheSameMutations() {
        BundleMutator fresh = new BundleMutator(pkg, ctx); // nothing carried over from earlier calls either
        for (String bundle : bundles.subList(0, 3)) {
            assertThat(fresh.mutations(bundle, 42, 50)).isEqualTo(mutator.mutations(bundle, 42, 50));
        }
    }

    @Test
    void anotherSeedGivesOtherCombinations() {
        List<Mutation> one = mutator.mutations(bundles.get(0), 1, 20);
        List<Mutation> two = mutator.mutations(bundles.get(0), 2, 20);
        assertThat(random(one)).hasSize(20);
        assertThat(random(two)).hasSize(20).isNotEqualTo(random(one));
        assertThat(one.subList(0, one.size() - 20)).isEqualTo(two.subList(0, two.size() - 20));
    }

    @Test
    void everyKindOverTheSamplesAtLeast10000AllChangedAndParseable() throws Exception {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        int total = 0;
        for (int i = 0; i < bundles.size(); i++) {
            String input = bundles.get(i);
            JsonNode inputTree = BundleMutator.MAPPER.readTree(input);
            String canonical = BundleMutator.MAPPER.writeValueAsString(inputTree);
            for (Mutation m : mutator.mutations(input, i, RANDOM_PER_BUNDLE)) {
                assertThat(m.json()).as(m.description()).isNotEqualTo(input).isNotEqualTo(canonical);
                // compact JSON of equal trees has equal length (key order aside): compare trees only then
                if (m.json().length() == canonical.length()) {
                    assertThat(BundleMutator.MAPPER.readTree(m.json())).as(m.description()).isNotEqualTo(inputTree);
                } else {
                    assertParseable(m);
                }
                assertThat(m.description()).startsWith(m.kind() + " ").contains("entry[");
                counts.merge(Kind.valueOf(m.kind()), 1, Integer::sum);
                total++;
            }
        }
        System.out.println("BundleMutatorTest: " + total + " mutations of " + bundles.size() + " sample Bundles, "
                + RANDOM_PER_BUNDLE + " combinations each; per kind " + counts);
        assertThat(counts.keySet()).containsExactly(Kind.values());
        assertThat(total).isGreaterThanOrEqualTo(10_000);
    }

    private static void assertParseable(Mutation m) throws IOException {
        try (JsonParser p = BundleMutator.MAPPER.createParser(m.json())) {
            while (p.nextToken() != null) {
                // every token read: a syntax error throws
            }
        } catch (JsonProcessingException e) {
            throw new AssertionError(m.description() + ": not JSON", e);
        }
    }

    @Test
    void sampleBundlesAreOnePerValidSession() {
        assertThat(bundles).hasSize(SampleRecords.loadAllValid().size())
                .allSatisfy(b -> assertThat(b).startsWith("{\"resourceType\":\"Bundle\""));
    }

    private static List<Mutation> random(List<Mutation> ms) {
        return ms.stream().filter(m -> m.kind().equals(Kind.RANDOM.name())).toList();
    }
}
