package org.imsfhir.adapter.claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;

/**
 * The service code of a session's claim item. Code set {@code cpt}: CPT 20560 for 1-2 muscles,
 * 20561 for 3 or more, muscles counted by the payer's {@link CountingRule}. Any other code set: the
 * payer's {@link FeeCodeMapping} row for the muscle count.
 *
 * <p>CPT rules (docs/claims.md). Our input never names a CPT code: the code comes from the code
 * set, the count and the payer's mapping file. So a forbidden code can only arise from a mapping file
 * that uses the CPT system, e.g. a payer that wants dry needling billed as acupuncture (97810-97814),
 * or a mapping that bills 20561 and 20553 (trigger point injection) for the same count. Such a
 * mapping is refused for the session ({@code billing.codeSet}): acupuncture and trigger point
 * injection codes must not be reported with 20560/20561, and an IMS session (needle insertion
 * without injection) is reported as 20560/20561 and nothing else in CPT. A mapped 20560/20561 must
 * agree with the muscle count, and a mapping must give exactly one code for the count.
 */
public final class ServiceCodeSelector {

    public static final String CPT_1_OR_2_MUSCLES = "20560";
    public static final String CPT_3_OR_MORE_MUSCLES = "20561";
    private static final Set<String> NEEDLE_INSERTION = Set.of(CPT_1_OR_2_MUSCLES, CPT_3_OR_MORE_MUSCLES);
    private static final Set<String> ACUPUNCTURE = Set.of("97810", "97811", "97812", "97813", "97814");
    private static final Set<String> TRIGGER_POINT_INJECTION = Set.of("20552", "20553");
    static final String PATH = "billing.codeSet";

    /** CPT 20560 or 20561 for a muscle count (no display: CPT descriptors are AMA-copyrighted). */
    public static ServiceCode cpt(int muscles) {
        return new ServiceCode(ImsCanonical.CPT, muscles >= 3 ? CPT_3_OR_MORE_MUSCLES : CPT_1_OR_2_MUSCLES, null);
    }

    /**
     * @throws BillingRejectedException when no muscle was needled or the payer's mapping gives no,
     *                                  several, or forbidden codes for the count
     */
    public ServiceCode select(ImsSession session, PayerConfig payer) {
        int muscles = payer.countingRule().count(session.treatedSites());
        if (muscles == 0) {
            throw new BillingRejectedException("treatedSites", "no muscle was needled: nothing to bill");
        }
        if (payer.cpt()) {
            return cpt(muscles);
        }
        FeeCodeMapping mapping = payer.feeCodes();
        List<FeeCodeMapping.Row> rows = mapping.rowsFor(muscles);
        String where = "payer " + payer.payerId() + "'s fee code mapping " + mapping.source();
        checkCptRules(rows, muscles, where);
        if (rows.isEmpty()) {
            throw new BillingRejectedException(PATH, where + " has no code for " + muscles + " muscle(s) ("
                    + payer.countingRule() + ")");
        }
        if (rows.size() > 1) {
            throw new BillingRejectedException(PATH, where + " gives " + rows.size() + " codes for " + muscles
                    + " muscle(s) (lines " + lines(rows) + "); one service code per session");
        }
        return rows.get(0).code();
    }

    private static void checkCptRules(List<FeeCodeMapping.Row> rows, int muscles, String where) {
        List<FeeCodeMapping.Row> cptRows = rows.stream().filter(r -> ImsCanonical.CPT.equals(r.code().system())).toList();
        boolean withNeedleInsertion = cptRows.stream().anyMatch(r -> NEEDLE_INSERTION.contains(r.code().code()));
        List<String> problems = new ArrayList<>();
        for (FeeCodeMapping.Row r : cptRows) {
            String code = r.code().code();
            String at = where + " line " + r.line() + " bills CPT " + code;
            if (ACUPUNCTURE.contains(code)) {
                problems.add(at + " (acupuncture): " + (withNeedleInsertion
                        ? "97810-97814 must not be reported with 20560/20561"
                        : "dry needling is reported as needle insertion 20560/20561, not as acupuncture"));
            } else if (TRIGGER_POINT_INJECTION.contains(code)) {
                problems.add(at + " (trigger point injection): " + (withNeedleInsertion
                        ? "20552/20553 must not be reported with 20560/20561 for the same muscles"
                        : "an IMS session is needle insertion without injection (20560/20561)"));
            } else if (NEEDLE_INSERTION.contains(code)) {
                String expected = cpt(muscles).code();
                if (!expected.equals(code)) {
                    problems.add(at + " for " + muscles + " muscle(s); CPT gives " + expected
                            + " (20560: 1-2 muscles, 20561: 3 or more)");
                }
            } else {
                problems.add(at + ": CPT directs needle insertion without injection to 20560/20561");
            }
        }
        if (!problems.isEmpty()) {
            throw new BillingRejectedException(problems.stream()
                    .map(p -> org.imsfhir.adapter.check.Violation.error(PATH, p)).toList());
        }
    }

    private static String lines(List<FeeCodeMapping.Row> rows) {
        return rows.stream().map(r -> String.valueOf(r.line())).collect(Collectors.joining(", "));
    }
}
