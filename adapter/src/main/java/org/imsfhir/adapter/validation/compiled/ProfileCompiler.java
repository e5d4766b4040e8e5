package org.imsfhir.adapter.validation.compiled;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ConstraintSeverity;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionSlicingDiscriminatorComponent;
import org.hl7.fhir.r4.model.ElementDefinition.TypeRefComponent;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Turns StructureDefinition snapshots into {@link ElementRule} trees, once per definition: the IMS
 * profiles when the validator is built, R4 data types and resources when first met. Definitions come
 * from the validation support chain (the IMS package and HAPI's R4 core), never from the network.
 */
final class ProfileCompiler {

    static final String CORE = "http://hl7.org/fhir/StructureDefinition/";
    private static final String FHIR_TYPE_EXT = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
    private static final String REGEX_EXT = "http://hl7.org/fhir/StructureDefinition/regex";
    /** Checked natively by the walker (cheaper than FHIRPath, and it sees what the model drops). */
    private static final List<String> NATIVE_INVARIANTS = List.of("ele-1", "ext-1");

    private final IValidationSupport support;
    /** This thread's engine (FHIRPathEngine is not meant to be shared by threads). */
    private final java.util.function.Supplier<FHIRPathEngine> fhirPath;
    private final Map<String, ElementRule> byUrl = new ConcurrentHashMap<>();
    private final Map<String, StructureDefinition> definitions = new ConcurrentHashMap<>();
    private final Map<String, Pattern> primitiveFormats = new ConcurrentHashMap<>();

    ProfileCompiler(IValidationSupport support, java.util.function.Supplier<FHIRPathEngine> fhirPath) {
        this.support = support;
        this.fhirPath = fhirPath;
    }

    /** The definition behind a canonical url, or null when neither the package nor R4 core has it. */
    StructureDefinition definition(String url) {
        String key = url.contains("|") ? url.substring(0, url.indexOf('|')) : url;
        StructureDefinition known = definitions.get(key);
        if (known != null) {
            return known;
        }
        if (!(support.fetchStructureDefinition(key) instanceof StructureDefinition sd) || !sd.hasSnapshot()) {
            return null;
        }
        definitions.put(key, sd);
        return sd;
    }

    /** The root rule of a definition, compiled on first use; null when the definition is unknown. */
    ElementRule rules(String url) {
        ElementRule known = byUrl.get(url);
        if (known != null) {
            return known;
        }
        StructureDefinition sd = definition(url);
        if (sd == null) {
            return null;
        }
        return byUrl.computeIfAbsent(url, u -> compile(sd));
    }

    /** The root rule of an R4 type ("Coding", "Patient", "string"). */
    ElementRule typeRules(String type) {
        return rules(CORE + type);
    }

    /** The lexical form a primitive type's value must match (from its R4 definition), or null. */
    Pattern primitiveFormat(String type) {
        Pattern known = primitiveFormats.get(type);
        if (known != null) {
            return known;
        }
        StructureDefinition sd = definition(CORE + type);
        if (sd == null) {
            return null;
        }
        for (ElementDefinition ed : sd.getSnapshot().getElement()) {
            if (ed.getPath().equals(type + ".value") && ed.hasType()) {
                Extension regex = ed.getTypeFirstRep().getExtensionByUrl(REGEX_EXT);
                if (regex != null) {
                    Pattern p = Pattern.compile(regex.getValue().primitiveValue());
                    primitiveFormats.put(type, p);
                    return p;
                }
            }
        }
        return null;
    }

    private ElementRule compile(StructureDefinition sd) {
        Map<String, ElementRule> byId = new HashMap<>();
        Map<ElementRule, String> contentReferences = new HashMap<>();
        ElementRule root = null;
        for (ElementDefinition ed : sd.getSnapshot().getElement()) {
            ElementRule rule = toRule(ed);
            String id = ed.hasId() ? ed.getId() : ed.getPath();
            byId.put(id, rule);
            if (ed.hasContentReference()) {
                contentReferences.put(rule, ed.getContentReference().substring(ed.getContentReference().indexOf('#') + 1));
            }
            int dot = id.lastIndexOf('.');
            String last = id.substring(dot + 1);
            if (root == null) {
                root = rule;
            } else if (last.contains(":")) {
                String base = id.substring(0, id.length() - last.length()) + last.substring(0, last.indexOf(':'));
                ElementRule sliced = byId.get(base);
                if (sliced == null || last.contains("/")) {
                    rule.unsupported = "re-slicing at " + id;
                    (sliced == null ? root : sliced).unsupported = rule.unsupported;
                } else {
                    sliced.slices.add(rule);
                }
            } else {
                ElementRule parent = byId.get(id.substring(0, dot));
                if (parent == null) {
                    throw new IllegalStateException("snapshot of " + sd.getUrl() + " has no parent for " + id);
                }
                parent.children.add(rule);
            }
        }
        for (Map.Entry<ElementRule, String> ref : contentReferences.entrySet()) {
            ElementRule target = byId.get(ref.getValue());
            if (target == null) {
                ref.getKey().unsupported = "content reference " + ref.getValue();
            } else {
                ref.getKey().children.addAll(target.children);
            }
        }
        return root;
    }

    private ElementRule toRule(ElementDefinition ed) {
        int max = "*".equals(ed.getMax()) ? Integer.MAX_VALUE : Integer.parseInt(ed.getMax());
        ElementRule rule = new ElementRule(ed.getPath(), ed.getSliceName(), ed.getMin(), max);
        for (TypeRefComponent t : ed.getType()) {
            String code = t.getCode();
            Extension fhirType = t.getExtensionByUrl(FHIR_TYPE_EXT);
            if (fhirType != null) {
                code = fhirType.getValue().primitiveValue();
            }
            rule.types.add(code);
            t.getProfile().forEach(p -> rule.typeProfiles.computeIfAbsent(t.getCode(), k -> new java.util.ArrayList<>())
                    .add(p.getValue()));
            t.getTargetProfile().forEach(p -> rule.targetProfiles.add(p.getValue()));
        }
        rule.fixed = ed.hasFixed() ? ed.getFixed() : null;
        rule.pattern = ed.hasPattern() ? ed.getPattern() : null;
        if (ed.hasBinding() && ed.getBinding().getStrength() == BindingStrength.REQUIRED && ed.getBinding().hasValueSet()) {
            String vs = ed.getBinding().getValueSet();
            rule.requiredValueSet = vs.contains("|") ? vs.substring(0, vs.indexOf('|')) : vs;
        }
        for (ElementDefinition.ElementDefinitionConstraintComponent c : ed.getConstraint()) {
            if (c.getSeverity() != ConstraintSeverity.ERROR || NATIVE_INVARIANTS.contains(c.getKey())) {
                continue; // warnings never change the verdict
            }
            if (!c.hasExpression()) {
                rule.unsupported = "invariant " + c.getKey() + " has no FHIRPath";
                continue;
            }
            try {
                rule.invariants.add(new ElementRule.Invariant(c.getKey(), fhirPath.get().parse(c.getExpression())));
            } catch (RuntimeException e) {
                rule.unsupported = "invariant " + c.getKey() + " does not parse";
            }
        }
        if (ed.hasSlicing()) {
            ElementDefinition.ElementDefinitionSlicingComponent s = ed.getSlicing();
            rule.slicingClosed = s.getRules() == ElementDefinition.SlicingRules.CLOSED;
            if (s.getOrdered()) {
                rule.unsupported = "ordered slicing";
            }
            for (ElementDefinitionSlicingDiscriminatorComponent d : s.getDiscriminator()) {
                rule.discriminators.add(new ElementRule.Discriminator(d.getType().toCode(), d.getPath()));
            }
            if (rule.discriminators.isEmpty()) {
                rule.discriminators.add(new ElementRule.Discriminator("none", "$this"));
            }
        }
        return rule;
    }
}
