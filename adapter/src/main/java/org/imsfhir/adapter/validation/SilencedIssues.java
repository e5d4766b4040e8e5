package org.imsfhir.adapter.validation;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The validator warnings the adapter silences, and why. Silencing never touches an error: a rule
 * only matches issues of severity warning or information. Silenced issues are kept in
 * {@link ValidationReport#silenced()}, never thrown away.
 *
 * <ol>
 *   <li><b>dom-6</b> ("A resource should have narrative for robust management"): the adapter sends
 *   structured data to an EHR, which renders it; a generated narrative would only repeat the data,
 *   and carry patient details in a second, unchecked place. R4 makes narrative best practice, not
 *   required.</li>
 *   <li><b>External code systems offline</b> (SNOMED CT, LOINC, ICD-10, ICD-10-CA, ICD-10-AM, CPT):
 *   the validator runs without a terminology server by design, so it can only say "code system
 *   unknown, code not checked" for every such code. Which of their codes we may send is decided by
 *   the profiles' own value sets, fixed codes and patterns, and those <em>are</em> checked offline;
 *   the warning adds nothing but noise. Warnings about our own code systems are never silenced (they
 *   are all in the package, so any such warning points at a real problem).</li>
 * </ol>
 */
public final class SilencedIssues {

    /** One silencing rule: a name for documentation/tests, and which warnings it matches. */
    public record Rule(String name, Predicate<ValidationIssue> matches) {
    }

    /** Code systems that cannot be checked offline (no terminology server, no licensed content). */
    public static final Set<String> EXTERNAL_SYSTEMS = Set.of(
            "http://snomed.info/sct",
            "http://loinc.org",
            "http://hl7.org/fhir/sid/icd-10",
            "http://hl7.org/fhir/sid/icd-10-cm",
            "https://fhir.infoway-inforoute.ca/CodeSystem/icd10ca",
            "http://hl7.org/fhir/sid/icd-10-am",
            "http://www.ama-assn.org/go/cpt");

    /** Message ids the HL7 validator uses for "this code system is not known here". */
    static final Set<String> UNKNOWN_SYSTEM_MESSAGE_IDS = Set.of(
            "UNKNOWN_CODESYSTEM",
            "UNKNOWN_CODESYSTEM_VERSION",
            "Terminology_TX_System_Unknown",
            "TERMINOLOGY_TX_SYSTEM_NOTKNOWN",
            "Terminology_PassThrough_TX_Message");

    private static final List<Rule> STANDARD = List.of(
            new Rule("dom-6 narrative", i -> "dom-6".equals(i.invariant())),
            new Rule("external code system not checked offline", SilencedIssues::isUnknownExternalSystem));

    private final List<Rule> rules;

    private SilencedIssues(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The adapter's policy (the two rules above). */
    public static SilencedIssues standard() {
        return new SilencedIssues(STANDARD);
    }

    /** Silences nothing: for tests and the benchmark, to see the raw validator output. */
    public static SilencedIssues none() {
        return new SilencedIssues(List.of());
    }

    public List<Rule> rules() {
        return rules;
    }

    /** True when a rule matches; errors are never silenced. */
    public boolean isSilenced(ValidationIssue issue) {
        if (issue.isError()) {
            return false;
        }
        return rules.stream().anyMatch(r -> r.matches().test(issue));
    }

    private static boolean isUnknownExternalSystem(ValidationIssue issue) {
        if (!UNKNOWN_SYSTEM_MESSAGE_IDS.contains(issue.messageId())) {
            return false;
        }
        // The message names the system; match on the URL, never on English wording.
        return EXTERNAL_SYSTEMS.stream().anyMatch(s -> issue.message().contains(s));
    }
}
