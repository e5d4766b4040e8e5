package org.imsfhir.adapter.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.map.TestSessions;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.adapter.validation.ValidationReport;
import org.junit.jupiter.api.Test;

class ClaimBundleBuilderTest {

    private static final Instant NOW = Instant.parse("2026-11-02T19:00:00Z");
    private final ClaimBundleBuilder builder = new ClaimBundleBuilder(Terminology.standard(),
            TestPayers.corpus(CountingRule.DISTINCT_MUSCLE));

    private static <T extends Resource> T only(Bundle b, Class<T> type) {
        List<T> found = b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void claimFollowsTheImsClaimShape() {
        ImsSession session = TestSessions.example();
        ClaimSubmission submission = builder.build(session, NOW);
        Bundle bundle = submission.bundle();
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        Claim claim = (Claim) bundle.getEntryFirstRep().getResource();

        assertThat(claim.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_CLAIM);
        assertThat(claim.getIdentifierFirstRep().getSystem()).isEqualTo(session.source().system() + "/claim"); // source.system
        assertThat(claim.getIdentifierFirstRep().getValue()).isEqualTo(session.sessionId()); // sessionId
        assertThat(submission.claimKey()).isEqualTo(session.source().system() + "/claim|" + session.sessionId());
        assertThat(claim.getStatus()).isEqualTo(Claim.ClaimStatus.ACTIVE);
        assertThat(claim.getType().getCodingFirstRep().getCode()).isEqualTo("professional");
        assertThat(claim.getUse()).isEqualTo(Claim.Use.CLAIM);
        assertThat(claim.getPriority().getCodingFirstRep().getCode()).isEqualTo("normal");
        assertThat(claim.getCreated()).isEqualTo(java.util.Date.from(NOW));

        // diagnoses[i] -> diagnosis sequence i+1 with the same code
        assertThat(claim.getDiagnosis()).hasSize(session.diagnoses().size());
        for (int i = 0; i < session.diagnoses().size(); i++) {
            Claim.DiagnosisComponent d = claim.getDiagnosis().get(i);
            assertThat(d.getSequence()).isEqualTo(i + 1);
            assertThat(d.getDiagnosisCodeableConcept().getCodingFirstRep().getCode())
                    .isEqualTo(session.diagnoses().get(i).code()); // diagnoses[i].code
            assertThat(d.getDiagnosisCodeableConcept().getCodingFirstRep().getSystem())
                    .isEqualTo(session.diagnoses().get(i).system().uri()); // diagnoses[i].system
        }
        Procedure procedure = only(bundle, Procedure.class);
        assertThat(resolve(bundle, claim.getProcedureFirstRep().getProcedureReference())).isSameAs(procedure);
        assertThat(claim.getProcedureFirstRep().getSequence()).isEqualTo(1);
        assertThat(claim.getCareTeamFirstRep().getSequence()).isEqualTo(1);
        assertThat(resolve(bundle, claim.getCareTeamFirstRep().getProvider()).fhirType()).isEqualTo("PractitionerRole");
        assertThat(resolve(bundle, claim.getProvider()).fhirType()).isEqualTo("PractitionerRole"); // practitioner
        assertThat(resolve(bundle, claim.getPatient()).fhirType()).isEqualTo("Patient"); // patient

        Organization insurer = (Organization) resolve(bundle, claim.getInsurer());
        assertThat(insurer.getIdentifierFirstRep().getValue()).isEqualTo("ACME-HEALTH"); // billing.payerId
        assertThat(insurer.getName()).isEqualTo("ACME Health (synthetic)"); // payer configuration
        assertThat(insurer.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_INSURER);

        Claim.InsuranceComponent insurance = claim.getInsuranceFirstRep();
        assertThat(insurance.getSequence()).isEqualTo(1);
        assertThat(insurance.getFocal()).isTrue();
        Coverage coverage = (Coverage) resolve(bundle, insurance.getCoverage());
        assertThat(coverage.getSubscriberId()).isEqualTo(session.billing().memberId()); // billing.memberId
        assertThat(coverage.getIdentifierFirstRep().getValue()).isEqualTo(session.billing().memberId()); // billing.memberId
        assertThat(resolve(bundle, coverage.getPayorFirstRep())).isSameAs(insurer);

        Claim.ItemComponent item = claim.getItemFirstRep();
        assertThat(claim.getItem()).hasSize(1);
        assertThat(item.getProductOrService().getCodingFirstRep().getSystem()).isEqualTo(ImsCanonical.CPT); // billing.codeSet
        assertThat(item.getProductOrService().getCodingFirstRep().getCode())
                .isEqualTo(ServiceCodeSelector.cpt(CountingRule.DISTINCT_MUSCLE.count(session.treatedSites())).code()); // treatedSites
        assertThat(item.getUnitPrice().getValue()).isEqualByComparingTo(session.billing().fee().amount()); // billing.fee.amount
        assertThat(item.getNet().getCurrency()).isEqualTo(session.billing().fee().currency()); // billing.fee.currency
        assertThat(item.getQuantity().getValue()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(item.getServicedDateType().getValueAsString()).isEqualTo(session.start().toLocalDate().toString()); // start
        assertThat(item.getDiagnosisSequence()).extracting(p -> p.getValue()).containsExactly(
                java.util.stream.IntStream.rangeClosed(1, session.diagnoses().size()).boxed().toArray(Integer[]::new));
        assertThat(item.getCareTeamSequence()).extracting(p -> p.getValue()).containsExactly(1);
        assertThat(item.getProcedureSequence()).extracting(p -> p.getValue()).containsExactly(1);
    }

    @Test
    void bundleHoldsExactlyTheReferencedResourcesAndEveryReferenceResolves() {
        Bundle bundle = builder.build(TestSessions.example(), NOW).bundle();
        Set<String> fullUrls = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).collect(Collectors.toSet());
        assertThat(fullUrls).hasSize(bundle.getEntry().size());
        var terser = FhirContext.forR4Cached().newTerser();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            for (Reference r : terser.getAllPopulatedChildElementsOfType(e.getResource(), Reference.class)) {
                if (r.getReference() == null) {
                    continue; // display-only (e.g. the licence issuer)
                }
                assertThat(fullUrls).as("reference from " + e.getResource().fhirType()).contains(r.getReference());
            }
        }
        List<String> types = bundle.getEntry().stream().map(e -> e.getResource().fhirType()).toList();
        assertThat(types).doesNotContain("Observation", "Provenance", "AdverseEvent")
                .contains("Claim", "Patient", "PractitionerRole", "Practitioner", "Procedure", "Condition", "Coverage");
        assertThat(types.get(0)).isEqualTo("Claim");
    }

    @Test
    void sameRecordGivesTheSameBundleApartFromTime() {
        var parser = FhirContext.forR4Cached().newJsonParser();
        String a = parser.encodeResourceToString(builder.build(TestSessions.example(), NOW).bundle());
        String b = parser.encodeResourceToString(builder.build(TestSessions.example(), NOW).bundle());
        assertThat(a).isEqualTo(b);
    }

    private static Resource resolve(Bundle bundle, Reference ref) {
        return bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(ref.getReference())).findFirst()
                .orElseThrow(() -> new AssertionError("unresolved " + ref.getReference())).getResource();
    }

    private List<Violation> rejection(ImsSession session) {
        try {
            builder.build(session, NOW);
        } catch (BillingRejectedException e) {
            assertThat(e.getMessage()).doesNotContain(session.billing() == null ? "\u0000" : session.billing().memberId());
            return e.violations();
        }
        throw new AssertionError("not rejected");
    }

    @Test
    void notDoneAndEnteredInErrorSessionsAreNotBilled() {
        assertThat(rejection(TestSessions.example(j -> {
            j.put("status", "not-done");
            j.put("statusReason", "patient unwell");
            j.putArray("treatedSites");
        }))).extracting(Violation::path).containsExactly("status"); // status
        assertThat(rejection(TestSessions.example(j -> j.put("status", "entered-in-error"))))
                .singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("status");
                    assertThat(v.reason()).contains("entered-in-error");
                });
    }

    @Test
    void unconfiguredPayerCodeSetAndCurrencyMismatchesNameTheirField() {
        assertThat(rejection(TestSessions.example(j -> j.with("billing").put("payerId", "NOBODY-INSURED"))))
                .singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("billing.payerId");
                    assertThat(v.reason()).contains("NOBODY-INSURED");
                });
        assertThat(rejection(TestSessions.example(j -> j.with("billing").put("codeSet", "prairie-blue-physio"))))
                .extracting(Violation::path).containsExactly("billing.codeSet");
        assertThat(rejection(TestSessions.example(j -> j.with("billing").with("fee").put("currency", "CAD"))))
                .singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("billing.fee.currency");
                    assertThat(v.reason()).contains("CAD", "USD");
                });
        assertThat(rejection(TestSessions.example(j -> j.remove("billing"))))
                .extracting(Violation::path).containsExactly("billing");
    }

    @Test
    void cancellationIsTheSameClaimWithStatusCancelledAndValidates() {
        ImsSession billed = TestSessions.example();
        ClaimSubmission submitted = builder.build(billed, NOW);
        ImsSession retracted = TestSessions.example(j -> j.put("status", "entered-in-error"));

        ClaimSubmission cancel = builder.cancellation(retracted, submitted.serviceCode().toString(), NOW);
        Claim claim = (Claim) cancel.bundle().getEntryFirstRep().getResource();
        assertThat(cancel.cancellation()).isTrue();
        assertThat(submitted.cancellation()).isFalse();
        assertThat(claim.getStatus()).isEqualTo(Claim.ClaimStatus.CANCELLED);
        assertThat(cancel.claimKey()).isEqualTo(submitted.claimKey()); // source.system + /claim | sessionId
        assertThat(cancel.bundle().getEntryFirstRep().getFullUrl())
                .isEqualTo(submitted.bundle().getEntryFirstRep().getFullUrl());
        assertThat(claim.getIdentifierFirstRep().getValue()).isEqualTo(retracted.sessionId()); // sessionId
        assertThat(cancel.serviceCode()).hasToString(submitted.serviceCode().toString());
        assertThat(claim.getItemFirstRep().getNet().getValue()).isEqualByComparingTo(retracted.billing().fee().amount());
        assertThat(resolve(cancel.bundle(), claim.getProcedureFirstRep().getProcedureReference()))
                .satisfies(p -> assertThat(((Procedure) p).getStatus()).isEqualTo(Procedure.ProcedureStatus.ENTEREDINERROR));

        ValidationReport report = ProfileValidator.standard().validate(cancel.bundle());
        assertThat(report.errors()).as(report.toLogString()).isEmpty();
    }

    @Test
    void cancellationKeepsTheSubmittedServiceCodeWhenTheRetractionListsOtherSites() {
        ImsSession retracted = TestSessions.example(j -> {
            j.put("status", "entered-in-error");
            j.putArray("treatedSites"); // no sites: the record's count calls for no code at all
        });
        ClaimSubmission cancel = builder.cancellation(retracted, ImsCanonical.CPT + "|20561", NOW);
        Claim claim = (Claim) cancel.bundle().getEntryFirstRep().getResource();
        assertThat(claim.getItemFirstRep().getProductOrService().getCodingFirstRep().getCode()).isEqualTo("20561");
        assertThat(claim.getItemFirstRep().getProductOrService().getCodingFirstRep().getSystem()).isEqualTo(ImsCanonical.CPT);
    }

    @Test
    void onlyARetractedSessionWithAConfiguredPayerIsCancelled() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.cancellation(TestSessions.example(), null, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.cancellation(TestSessions.example(j -> {
            j.put("status", "entered-in-error");
            j.with("billing").put("payerId", "NOBODY-INSURED");
        }), null, NOW)).isInstanceOfSatisfying(BillingRejectedException.class,
                e -> assertThat(e.violations()).extracting(Violation::path).containsExactly("billing.payerId"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.cancellation(TestSessions.example(j -> {
            j.put("status", "entered-in-error");
            j.remove("billing");
        }), null, NOW)).isInstanceOfSatisfying(BillingRejectedException.class,
                e -> assertThat(e.violations()).extracting(Violation::path).containsExactly("billing"));
    }
}
