package org.imsfhir.adapter.validation.compiled;

import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Codes, looked up in sets expanded ahead of time: each required value set becomes a set of
 * "system|code" (and bare codes, for {@code code} elements), each complete code system a set of its
 * codes. Expanded through the validation support chain (so exactly what the HL7 validator uses),
 * once per value set. A value set the chain cannot expand offline (all of SNOMED CT by filter, say)
 * is empty here: the walker then hands the Bundle to the HL7 validator.
 */
final class CodeSets {

    private static final String UCUM = "http://unitsofmeasure.org";

    private final IValidationSupport support;
    private final Map<String, Optional<Set<String>>> valueSets = new ConcurrentHashMap<>();
    private final Map<String, Optional<Set<String>>> codeSystems = new ConcurrentHashMap<>();
    private final Map<String, Boolean> ucumCodes = new ConcurrentHashMap<>();

    CodeSets(IValidationSupport support) {
        this.support = support;
    }

    /** The value set's codes as "system|code" and "|code", or empty when it cannot be expanded offline. */
    Optional<Set<String>> valueSet(String url) {
        return valueSets.computeIfAbsent(url, this::expand);
    }

    /**
     * Whether a coding's system is a code system the HL7 validator knows in full offline (then an
     * unknown code is an error), or empty when the system is unknown here (a warning at most).
     */
    Optional<Set<String>> codeSystem(String system) {
        return codeSystems.computeIfAbsent(system, this::concepts);
    }

    boolean isUcum(String system) {
        return UCUM.equals(system);
    }

    /** Whether a UCUM unit code is valid (asked of the chain's UCUM service once per code). */
    boolean validUcum(String code) {
        return ucumCodes.computeIfAbsent(code, c -> {
            IValidationSupport.CodeValidationResult r = support.validateCode(new ValidationSupportContext(support),
                    new ConceptValidationOptions(), UCUM, c, null, null);
            return r != null && r.isOk();
        });
    }

    private Optional<Set<String>> expand(String url) {
        try {
            IValidationSupport.ValueSetExpansionOutcome outcome = support.expandValueSet(
                    new ValidationSupportContext(support), new ValueSetExpansionOptions().setCount(10_000), url);
            if (outcome == null || outcome.getError() != null || !(outcome.getValueSet() instanceof ValueSet vs)) {
                return Optional.empty();
            }
            Set<String> codes = new HashSet<>();
            collect(vs.getExpansion().getContains(), codes);
            return codes.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(codes));
        } catch (RuntimeException e) {
            return Optional.empty(); // not expandable offline: the caller treats the binding as unsupported
        }
    }

    private static void collect(List<ValueSet.ValueSetExpansionContainsComponent> contains, Set<String> into) {
        for (ValueSet.ValueSetExpansionContainsComponent c : contains) {
            if (c.hasCode()) {
                into.add(c.getSystem() + "|" + c.getCode());
                into.add("|" + c.getCode());
            }
            collect(c.getContains(), into);
        }
    }

    private Optional<Set<String>> concepts(String system) {
        if (!(support.fetchCodeSystem(system) instanceof CodeSystem cs)
                || cs.getContent() != CodeSystem.CodeSystemContentMode.COMPLETE) {
            return Optional.empty();
        }
        Set<String> codes = new HashSet<>();
        collectConcepts(cs.getConcept(), codes);
        return Optional.of(Set.copyOf(codes));
    }

    private static void collectConcepts(List<CodeSystem.ConceptDefinitionComponent> concepts, Set<String> into) {
        for (CodeSystem.ConceptDefinitionComponent c : concepts) {
            into.add(c.getCode());
            collectConcepts(c.getConcept(), into);
        }
    }
}
