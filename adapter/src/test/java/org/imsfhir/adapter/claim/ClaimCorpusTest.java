package org.imsfhir.adapter.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Procedure;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionStatus;
import org.imsfhir.adapter.samples.SampleRecords;
import org.imsfhir.adapter.terminology.Terminology;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.adapter.validation.ValidationReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every valid sample with billing, under both counting rules: a billable one gets the service
 * code its muscle count calls for, counted independently from the emitted Procedure's needled-site
 * extensions, and its bundle validates with 0 errors; a retracted one is refused on {@code status},
 * and its cancellation (the same claim, status cancelled) validates with 0 errors.
 */
class ClaimCorpusTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static ProfileValidator validator;

    @BeforeAll
    static void validator() {
        validator = ProfileValidator.standard();
    }

    /** Muscles of the emitted Procedure: ims-muscle code (+ side) of each ims-needled-site. */
    private static int musclesInProcedure(Bundle bundle, CountingRule rule) {
        Procedure p = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Procedure.class::isInstance).map(Procedure.class::cast).findFirst().orElseThrow();
        Set<String> keys = new HashSet<>();
        for (Extension site : p.getExtensionsByUrl(ImsCanonical.EXT_NEEDLED_SITE)) {
            String muscle = ((CodeableConcept) site.getExtensionByUrl("muscle").getValue()).getCoding().stream()
                    .filter(c -> ImsCanonical.CS_MUSCLE.equals(c.getSystem())).map(Coding::getCode).findFirst().orElseThrow();
            String side = ((CodeableConcept) site.getExtensionByUrl("laterality").getValue()).getCodingFirstRep().getCode();
            keys.add(rule == CountingRule.DISTINCT_MUSCLE ? muscle : muscle + "|" + side);
        }
        return keys.size();
    }

    @ParameterizedTest
    @EnumSource(CountingRule.class)
    void serviceCodeMatchesTheMuscleCountInEveryBilledSample(CountingRule rule) {
        ClaimBundleBuilder builder = new ClaimBundleBuilder(Terminology.standard(), TestPayers.corpus(rule));
        List<String> billed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int withBilling = 0;
        int cancelled = 0;
        for (ImsSession session : SampleRecords.loadAllValid()) {
            if (session.billing() == null) {
                continue;
            }
            withBilling++;
            String key = session.key().toString();
            if (session.status() != SessionStatus.COMPLETED) {
                try {
                    builder.build(session, NOW);
                    throw new AssertionError(key + " (" + session.status() + ") was billed");
                } catch (BillingRejectedException e) {
                    assertThat(e.violations()).extracting(v -> v.path()).as(key).containsExactly("status"); // status
                    refused.add(key);
                }
                if (session.status() == SessionStatus.ENTERED_IN_ERROR && rule == CountingRule.DISTINCT_MUSCLE) {
                    // The reversal of a claim submitted earlier: same identifier, status cancelled, valid.
                    ClaimSubmission cancel = builder.cancellation(session, null, NOW);
                    assertThat(cancel.claim().getStatus()).as(key).isEqualTo(Claim.ClaimStatus.CANCELLED);
                    ValidationReport report = validator.validate(cancel.bundle());
                    assertThat(report.errors()).as(key + " cancellation bundle: " + report.toLogString()).isEmpty();
                    cancelled++;
                }
                continue;
            }
            ClaimSubmission submission = builder.build(session, NOW);
            Claim claim = (Claim) submission.bundle().getEntryFirstRep().getResource();
            int muscles = musclesInProcedure(submission.bundle(), rule);
            Coding code = claim.getItemFirstRep().getProductOrService().getCodingFirstRep();
            if ("cpt".equals(session.billing().codeSet())) {
                assertThat(code.getSystem()).as(key).isEqualTo(ImsCanonical.CPT);
                assertThat(code.getCode()).as(key + ": " + muscles + " muscles, " + rule)
                        .isEqualTo(muscles >= 3 ? "20561" : "20560"); // treatedSites[*].muscle/side
            } else {
                assertThat(code.getCode()).as(key + ": " + muscles + " muscles")
                        .isEqualTo(muscles >= 3 ? "PB-IMS-3" : "PB-IMS-1"); // prairie-blue-physio.csv rows
            }
            if (rule == CountingRule.DISTINCT_MUSCLE || !code.getCode().equals(ServiceCodeSelector.cpt(
                    CountingRule.DISTINCT_MUSCLE.count(session.treatedSites())).code())) {
                // Validation is the slow part: per rule only the bundles whose item code differs.
                ValidationReport report = validator.validate(submission.bundle());
                assertThat(report.errors()).as(key + " claim bundle: " + report.toLogString()).isEmpty();
            }
            billed.add(key);
        }
        // 100% of the corpus: every sample with billing was either billed or refused for its status.
        assertThat(billed.size() + refused.size()).isEqualTo(withBilling);
        assertThat(billed).hasSizeGreaterThanOrEqualTo(10);
        assertThat(refused).isNotEmpty();
        if (rule == CountingRule.DISTINCT_MUSCLE) {
            assertThat(cancelled).isPositive();
        }
    }
}
