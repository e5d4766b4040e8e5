package org.imsfhir.adapter.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.map.TestSessions;
import org.imsfhir.adapter.record.ImsSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceCodeSelectorTest {

    private final ServiceCodeSelector selector = new ServiceCodeSelector();

    /** The example session with these treated sites ("muscle:side" each). */
    private static ImsSession withSites(String... sites) {
        return TestSessions.example(json -> {
            ArrayNode list = json.putArray("treatedSites");
            for (String s : sites) {
                String[] p = s.split(":");
                ObjectNode site = list.addObject();
                site.put("muscle", p[0]).put("side", p[1]).put("siteType", "local").put("insertions", 3);
            }
        });
    }

    private static PayerConfig cptPayer(CountingRule rule) {
        return new PayerConfig("ACME-HEALTH", null, "cpt", "USD", rule, null, null);
    }

    @ParameterizedTest
    @CsvSource({
            // sites (muscle:side, space-separated), distinct-muscle code, muscle+side code
            "trapezius:left, 20560, 20560",
            "trapezius:left trapezius:right, 20560, 20560",
            "trapezius:left infraspinatus:left, 20560, 20560",
            "trapezius:left trapezius:right infraspinatus:left, 20560, 20561",
            "trapezius:left infraspinatus:left supraspinatus:right, 20561, 20561",
            "trapezius:left trapezius:right infraspinatus:left infraspinatus:right, 20560, 20561"})
    void cptCodeFollowsTheMuscleCountUnderEachCountingRule(String sites, String distinct, String perSide) {
        ImsSession session = withSites(sites.split(" "));
        ServiceCode d = selector.select(session, cptPayer(CountingRule.DISTINCT_MUSCLE)); // treatedSites[*].muscle
        ServiceCode s = selector.select(session, cptPayer(CountingRule.MUSCLE_AND_SIDE)); // treatedSites[*].muscle+side
        assertThat(d.system()).isEqualTo(ImsCanonical.CPT);
        assertThat(d.code()).isEqualTo(distinct);
        assertThat(s.code()).isEqualTo(perSide);
        assertThat(d.display()).as("CPT descriptors are AMA-copyrighted: codes only").isNull();
    }

    @Test
    void countingRulesCountMusclesNotNeedles() {
        ImsSession session = withSites("trapezius:left", "trapezius:left", "trapezius:right");
        assertThat(CountingRule.DISTINCT_MUSCLE.count(session.treatedSites())).isEqualTo(1); // one muscle
        assertThat(CountingRule.MUSCLE_AND_SIDE.count(session.treatedSites())).isEqualTo(2); // left + right
    }

    @Test
    void payerCodesComeFromTheMappingRowForTheCount() {
        PayerConfig payer = new PayerConfig("PRAIRIE-BLUE", null, "prairie-blue-physio", "CAD",
                CountingRule.DISTINCT_MUSCLE, null, TestPayers.prairieBlueMapping());
        assertThat(selector.select(withSites("trapezius:left", "infraspinatus:left"), payer).code()).isEqualTo("PB-IMS-1");
        assertThat(selector.select(withSites("trapezius:left", "infraspinatus:left", "supraspinatus:left"), payer).code())
                .isEqualTo("PB-IMS-3");
        assertThat(selector.select(withSites("trapezius:left"), payer).system())
                .isEqualTo("https://prairie-blue.example/fee-codes");
    }

    private static List<Violation> rejection(Runnable r) {
        try {
            r.run();
        } catch (BillingRejectedException e) {
            return e.violations();
        }
        throw new AssertionError("not rejected");
    }

    @Test
    void acupunctureCodesInAMappingAreRefusedAloneAndWithNeedleInsertion() {
        String base = "minMuscles,maxMuscles,system,code\n";
        List<Violation> alone = rejection(() -> selector.select(withSites("trapezius:left"),
                TestPayers.mapped(base + "1,,http://www.ama-assn.org/go/cpt,97810\n")));
        assertThat(alone).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("billing.codeSet");
            assertThat(v.reason()).contains("97810", "acupuncture", "line 2", "not as acupuncture");
        });
        List<Violation> together = rejection(() -> selector.select(withSites("trapezius:left", "infraspinatus:left", "deltoid:left"),
                TestPayers.mapped(base + "3,,http://www.ama-assn.org/go/cpt,20561\n3,,http://www.ama-assn.org/go/cpt,97813\n")));
        assertThat(together).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("billing.codeSet");
            assertThat(v.reason()).contains("97813", "must not be reported with 20560/20561");
        });
    }

    @Test
    void triggerPointInjectionWithNeedleInsertionIsRefused() {
        List<Violation> v = rejection(() -> selector.select(withSites("trapezius:left"), TestPayers.mapped(
                "minMuscles,maxMuscles,system,code\n1,2,http://www.ama-assn.org/go/cpt,20560\n1,2,http://www.ama-assn.org/go/cpt,20552\n")));
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("billing.codeSet");
            assertThat(x.reason()).contains("20552", "trigger point injection", "must not be reported with 20560/20561");
        });
    }

    @Test
    void aMappedCptCodeMustAgreeWithTheCountAndOtherCptCodesAreRefused() {
        assertThat(rejection(() -> selector.select(withSites("trapezius:left", "infraspinatus:left", "deltoid:left"),
                TestPayers.mapped("minMuscles,maxMuscles,system,code\n1,,http://www.ama-assn.org/go/cpt,20560\n"))))
                .singleElement().satisfies(v -> assertThat(v.reason()).contains("CPT gives 20561"));
        assertThat(rejection(() -> selector.select(withSites("trapezius:left"),
                TestPayers.mapped("minMuscles,maxMuscles,system,code\n1,,http://www.ama-assn.org/go/cpt,97140\n"))))
                .singleElement().satisfies(v -> assertThat(v.reason()).contains("97140", "20560/20561"));
    }

    @Test
    void aMappingWithNoOrSeveralCodesForTheCountIsRefused() {
        assertThat(rejection(() -> selector.select(withSites("trapezius:left", "infraspinatus:left", "deltoid:left"),
                TestPayers.mapped("minMuscles,maxMuscles,system,code\n1,2,https://x.example/fees,A\n"))))
                .singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("billing.codeSet");
                    assertThat(v.reason()).contains("no code for 3 muscle(s)");
                });
        assertThat(rejection(() -> selector.select(withSites("trapezius:left"),
                TestPayers.mapped("minMuscles,maxMuscles,system,code\n1,2,https://x.example/fees,A\n1,,https://x.example/fees,B\n"))))
                .singleElement().satisfies(v -> assertThat(v.reason()).contains("2 codes", "lines 2, 3"));
    }

    @Test
    void malformedMappingFilesAndCodeSetMismatchesFailAtConfiguration() {
        assertThatThrownBy(() -> FeeCodeMapping.parse("m.csv", "minMuscles,system,code\n1,s,c\n"))
                .hasMessageContaining("maxMuscles");
        assertThatThrownBy(() -> FeeCodeMapping.parse("m.csv", "minMuscles,maxMuscles,system,code\n3,2,s,c\n"))
                .hasMessageContaining("m.csv line 2");
        assertThatThrownBy(() -> new PayerConfig("P", null, "own", "CAD", null, null, null))
                .hasMessageContaining("needs a fee code mapping");
        assertThatThrownBy(() -> new PayerConfig("P", null, "cpt", "USD", null, null, TestPayers.prairieBlueMapping()))
                .hasMessageContaining("takes no fee code mapping");
    }
}
