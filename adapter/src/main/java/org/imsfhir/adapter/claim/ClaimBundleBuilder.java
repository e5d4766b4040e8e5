package org.imsfhir.adapter.claim;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.map.BusinessIdentifiers;
import org.imsfhir.adapter.map.EhrTransactionBuilder;
import org.imsfhir.adapter.record.Billing;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionStatus;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * The Bundle for {@code POST [base]/Claim/$submit}: type collection, the Claim first, then every
 * resource the Claim references, directly or through them (Patient, PractitionerRole, Practitioner,
 * clinic, Encounter, Conditions, Procedure, Consent, Coverage, insurer). The clinical resources are
 * the very ones of the EHR bundle (same mappers, same fullUrls). Deterministic except for
 * {@code Bundle.timestamp} and {@code Claim.created} (both {@code now}).
 *
 * <p>Refuses ({@link BillingRejectedException}, each reason with its record field) what must not be
 * billed: no billing, a not-done or entered-in-error session, a payer without configuration, a code
 * set or fee currency other than the payer's, and what {@link ServiceCodeSelector} refuses.
 *
 * <p>{@link #cancellation} builds the reversal of a claim already submitted for a session that is
 * now entered-in-error: the same Claim (same deterministic {@code Claim.identifier}) with
 * {@code status = cancelled}, for the same {@code POST [base]/Claim/$submit} (R4 defines no cancel
 * operation for $submit; this is the adapter's convention). Thread-safe.
 */
public final class ClaimBundleBuilder {
    private final EhrTransactionBuilder ehr;
    private final PayerDirectory payers;
    private final ServiceCodeSelector selector = new ServiceCodeSelector();
    private final ClaimMapper claims = new ClaimMapper();
    private final CoverageMapper coverages = new CoverageMapper();
    private final InsurerMapper insurers = new InsurerMapper();
    private final FhirContext fhir = FhirContext.forR4Cached();

    public ClaimBundleBuilder(Terminology terminology, PayerDirectory payers) {
        this.ehr = new EhrTransactionBuilder(Objects.requireNonNull(terminology, "terminology"));
        this.payers = Objects.requireNonNull(payers, "payers");
    }

    /** The payer's configuration, if the session is billable to a configured payer; else the reasons. */
    public PayerConfig billablePayer(ImsSession session) {
        List<Violation> problems = new ArrayList<>();
        Billing billing = session.billing();
        if (billing == null) {
            throw new BillingRejectedException("billing", "is absent: nothing to bill");
        }
        if (session.status() == SessionStatus.NOT_DONE) {
            problems.add(Violation.error("status", "is not-done: a session that did not take place is not billed"));
        } else if (session.status() == SessionStatus.ENTERED_IN_ERROR) {
            problems.add(Violation.error("status", "is entered-in-error: a retracted session is not billed"
                    + " (a claim submitted earlier is cancelled instead)"));
        }
        PayerConfig payer = payers.find(billing.payerId()).orElse(null);
        if (payer == null) {
            problems.add(Violation.error("billing.payerId", "no insurer is configured for payer '" + billing.payerId() + "'"));
        } else {
            if (!payer.codeSet().equalsIgnoreCase(billing.codeSet())) {
                problems.add(Violation.error("billing.codeSet", "is '" + billing.codeSet() + "' but payer "
                        + payer.payerId() + " bills with code set '" + payer.codeSet() + "'"));
            }
            if (billing.fee() == null || !payer.currency().equals(billing.fee().currency())) {
                problems.add(Violation.error("billing.fee.currency", "is '"
                        + (billing.fee() == null ? null : billing.fee().currency()) + "' but payer " + payer.payerId()
                        + " is billed in " + payer.currency()));
            }
        }
        if (!problems.isEmpty()) {
            throw new BillingRejectedException(problems);
        }
        return payer;
    }

    /**
     * @param now Bundle.timestamp and Claim.created
     * @throws BillingRejectedException when the session must not be billed as it stands
     */
    public ClaimSubmission build(ImsSession session, Instant now) {
        PayerConfig payer = billablePayer(session);
        ServiceCode code = selector.select(session, payer);
        return assemble(session, payer, code, Claim.ClaimStatus.ACTIVE, now);
    }

    /**
     * The cancellation of the claim submitted earlier for a session now entered-in-error: the same
     * Claim as {@link #build} makes (same identifier, references and fee) with status
     * {@code cancelled}. Its item carries {@code submittedCode}, the service code of the claim as it
     * was submitted (a retraction record may list other sites, or none); without it, the code the
     * record's sites call for.
     *
     * @param submittedCode {@code system|code} of the submitted claim's item, or null
     * @throws IllegalArgumentException  when the session is not entered-in-error
     * @throws BillingRejectedException when the record has no billing or its payer is not configured
     */
    public ClaimSubmission cancellation(ImsSession session, String submittedCode, Instant now) {
        if (session.status() != SessionStatus.ENTERED_IN_ERROR) {
            throw new IllegalArgumentException("only an entered-in-error session cancels its claim, not " + session.status());
        }
        Billing billing = session.billing();
        if (billing == null) {
            throw new BillingRejectedException("billing", "is absent: the payer whose claim to cancel is unknown");
        }
        PayerConfig payer = payers.find(billing.payerId()).orElseThrow(() -> new BillingRejectedException(
                "billing.payerId", "no insurer is configured for payer '" + billing.payerId() + "'"));
        if (billing.fee() == null) {
            throw new BillingRejectedException("billing.fee", "is absent");
        }
        ServiceCode code = null;
        try {
            code = selector.select(session, payer);
        } catch (BillingRejectedException e) {
            if (submittedCode == null) {
                throw e;
            }
        }
        if (submittedCode != null && (code == null || !code.toString().equals(submittedCode))) {
            code = ServiceCode.parse(submittedCode);
        }
        return assemble(session, payer, code, Claim.ClaimStatus.CANCELLED, now);
    }

    private ClaimSubmission assemble(ImsSession session, PayerConfig payer, ServiceCode code, Claim.ClaimStatus status,
                                     Instant now) {
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        ClaimIdentifiers claimIds = ClaimIdentifiers.of(session, payer);

        Map<String, Resource> pool = new LinkedHashMap<>();
        for (Bundle.BundleEntryComponent e : ehr.build(session, now, "claim", false).getEntry()) {
            pool.put(e.getFullUrl(), e.getResource());
        }
        pool.put(claimIds.coverage().fullUrl(), coverages.map(session, ids, claimIds));
        pool.put(claimIds.insurer().fullUrl(), insurers.map(payer, claimIds));
        Claim claim = claims.map(session, code, ids, claimIds, now);
        claim.setStatus(status);

        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestamp(Date.from(now));
        bundle.addEntry().setFullUrl(claimIds.claim().fullUrl()).setResource(claim);
        for (String fullUrl : referencedClosure(claim, pool)) {
            bundle.addEntry().setFullUrl(fullUrl).setResource(pool.get(fullUrl));
        }
        return new ClaimSubmission(bundle, claimIds.claim().toIdentifier(), code, payer);
    }

    /** fullUrls reachable from the claim through references, in the pool's order (the EHR bundle's). */
    private List<String> referencedClosure(Claim claim, Map<String, Resource> pool) {
        FhirTerser terser = fhir.newTerser();
        java.util.Set<String> reached = new java.util.HashSet<>();
        Deque<Resource> todo = new ArrayDeque<>(List.of(claim));
        while (!todo.isEmpty()) {
            for (Reference ref : terser.getAllPopulatedChildElementsOfType(todo.pop(), Reference.class)) {
                String url = ref.getReference();
                if (url != null && pool.containsKey(url) && reached.add(url)) {
                    todo.push(pool.get(url));
                }
            }
        }
        return pool.keySet().stream().filter(reached::contains).toList();
    }
}
