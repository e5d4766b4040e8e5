package org.imsfhir.adapter.validation.compiled;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Real codes of the IMS CodeSystems, to put where a binding expects codes of another value set. Only
 * IMS systems are offered: none of their codes is in an R4 core value set, and the IMS value sets tell
 * which IMS systems they draw on.
 */
final class CodePool {

    record Code(String system, String code, String display) {
    }

    private final List<Code> codes = new ArrayList<>();
    private final Map<String, ValueSet> valueSets = new HashMap<>();

    CodePool(List<IBaseResource> conformance) {
        for (IBaseResource r : conformance) { // copies: HAPI getters create missing children
            if (r instanceof CodeSystem cs) {
                add(cs.getUrl(), cs.copy().getConcept());
            } else if (r instanceof ValueSet vs) {
                valueSets.put(vs.getUrl(), vs.copy());
            }
        }
    }

    private void add(String system, List<CodeSystem.ConceptDefinitionComponent> concepts) {
        for (CodeSystem.ConceptDefinitionComponent c : concepts) {
            codes.add(new Code(system, c.getCode(), c.getDisplay()));
            add(system, c.getConcept());
        }
    }

    /**
     * A code of an IMS system the value set does not draw on, whose code string is not one of the value
     * set's codes either (for {@code code} elements, where the system is implicit) and not one of
     * {@code avoid}; picked by {@code key} so each site gets its own but always the same. Null if none.
     */
    Code foreign(String valueSet, Set<String> avoid, String key) {
        Set<String> systems = new HashSet<>();
        Set<String> vsCodes = new HashSet<>();
        members(valueSet == null ? "" : valueSet.replaceFirst("\\|.*$", ""), systems, vsCodes, new HashSet<>());
        List<Code> eligible = codes.stream()
                .filter(c -> !systems.contains(c.system()) && !vsCodes.contains(c.code()) && !avoid.contains(c.code())
                        && !avoid.contains(c.system()))
                .toList();
        return eligible.isEmpty() ? null : eligible.get(Math.floorMod(key.hashCode(), eligible.size()));
    }

    private void members(String url, Set<String> systems, Set<String> vsCodes, Set<String> seen) {
        ValueSet vs = valueSets.get(url);
        if (vs == null || !seen.add(url)) {
            return;
        }
        for (ValueSet.ConceptSetComponent inc : vs.getCompose().getInclude()) {
            if (inc.hasSystem()) {
                systems.add(inc.getSystem());
            }
            inc.getConcept().forEach(c -> vsCodes.add(c.getCode()));
            inc.getValueSet().forEach(v -> members(v.getValue().replaceFirst("\\|.*$", ""), systems, vsCodes, seen));
        }
    }
}
