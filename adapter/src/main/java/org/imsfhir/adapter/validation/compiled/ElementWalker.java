package org.imsfhir.adapter.validation.compiled;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;

/**
 * Walks one resource against its compiled rules: cardinality, types, primitive formats, fixed and
 * pattern values, required bindings, known code systems, slices, extensions, references and
 * invariants. Stateless (the {@link WalkState} travels with the call); thread-safe.
 */
final class ElementWalker {

    private final ProfileCompiler profiles;
    private final CodeSets codes;
    private final Supplier<FHIRPathEngine> fhirPath;
    private final ReferenceRules references;

    ElementWalker(ProfileCompiler profiles, CodeSets codes, Supplier<FHIRPathEngine> fhirPath) {
        this.profiles = profiles;
        this.codes = codes;
        this.fhirPath = fhirPath;
        this.references = new ReferenceRules(profiles);
    }

    /** A resource against each profile in its meta.profile (its R4 type when it claims none). */
    void resource(WalkState state, Resource r, String loc) {
        Resource outer = state.resource;
        state.resource = r;
        List<CanonicalType> claimed = r.hasMeta() ? r.getMeta().getProfile() : List.of();
        boolean any = false;
        for (CanonicalType p : claimed) {
            ElementRule root = profiles.rules(p.getValue());
            if (root == null) {
                state.error(loc + ".meta.profile", "unknown-profile");
            } else if (!root.path.equals(r.fhirType())) {
                state.error(loc + ".meta.profile", "profile-type-mismatch");
            } else {
                element(state, r, root, loc);
                any = true;
            }
        }
        if (!any) {
            ElementRule base = profiles.typeRules(r.fhirType());
            if (base == null) {
                state.unsupported("no definition for " + r.fhirType());
            } else {
                element(state, r, base, loc);
            }
        }
        state.resource = outer;
    }

    void element(WalkState state, Base value, ElementRule rule, String loc) {
        if (state.stopped()) {
            return;
        }
        if (rule.unsupported != null) {
            state.unsupported(rule.unsupported);
            return;
        }
        String type = value.fhirType();
        if (value instanceof Resource r && value != state.resource) {
            resource(state, r, loc); // an entry's resource (or a contained one): judged by its own profiles
            return;
        }
        if (!rule.types.isEmpty() && !rule.types.contains(type) && !isAllowedSpecialisation(rule, type)) {
            state.error(loc, "type:" + type);
            return;
        }
        if (value.isPrimitive() || value instanceof PrimitiveType<?>) {
            primitive(state, (PrimitiveType<?>) value, type, loc);
        } else if (value.isEmpty()) {
            state.error(loc, "ele-1");
        }
        if (rule.fixed != null && !value.equalsDeep(rule.fixed)) {
            state.error(loc, "fixed");
        }
        if (rule.pattern != null && !Patterns.matches(value, rule.pattern)) {
            state.error(loc, "pattern");
        }
        if (rule.requiredValueSet != null) {
            binding(state, value, rule.requiredValueSet, loc);
        }
        codeSystems(state, value, loc);
        if (value instanceof Extension ext && ext.hasExtension() == ext.hasValue()) {
            state.error(loc, "ext-1");
        }
        references.check(state, value, rule, loc);
        for (ElementRule.Invariant inv : rule.invariants) {
            invariant(state, value, inv, loc);
        }
        ElementRule container = container(rule, value, type);
        if (container == null) {
            state.unsupported("no definition for type " + type);
            return;
        }
        children(state, value, container, rule.path, loc);
    }

    /** HAPI types some values more narrowly than their definition (Resource.id is a string there, an id here). */
    private static final Map<String, String> NARROWER = Map.of("id", "string", "code", "string", "markdown", "string",
            "canonical", "uri", "url", "uri", "oid", "uri", "uuid", "uri");

    private static boolean isAllowedSpecialisation(ElementRule rule, String type) {
        if (rule.types.contains("BackboneElement") || rule.types.contains("Element")) {
            return true; // HAPI names backbone elements by path ("Bundle.entry")
        }
        String wider = NARROWER.get(type);
        return wider != null && rule.types.contains(wider);
    }

    /** The rules a value's children are judged by: the element's own (snapshot), a type profile, or the R4 type. */
    private ElementRule container(ElementRule rule, Base value, String type) {
        List<String> typeProfiles = rule.typeProfiles.get(type);
        if (typeProfiles != null && !typeProfiles.isEmpty()) {
            if (typeProfiles.size() > 1) {
                return null;
            }
            return profiles.rules(typeProfiles.get(0));
        }
        if (!rule.children.isEmpty()) {
            return rule;
        }
        return profiles.typeRules(type);
    }

    /** @param hostPath the element's path in its resource (extension contexts name it), e.g. Procedure.bodySite */
    private void children(WalkState state, Base value, ElementRule container, String hostPath, String loc) {
        Map<String, List<Base>> present = new LinkedHashMap<>();
        boolean skipId = value instanceof Resource r && state.idsFromFullUrl.contains(r);
        for (Property p : value.children()) {
            if (p.hasValues() && !(skipId && p.getName().equals("id"))) {
                // HAPI's getters create empty elements; its encoder leaves them out, so they are not there.
                List<Base> values = p.getValues().stream().filter(v -> !v.isEmpty()).toList();
                if (!values.isEmpty()) {
                    present.put(p.getName(), values);
                }
            }
        }
        for (ElementRule child : container.children) {
            List<Base> values = present.remove(child.name);
            if (values == null) {
                if (!child.requiredOrWithRequiredSlice()) {
                    continue; // nothing to check (and no location to build): most children are absent
                }
                values = List.of();
            }
            String childLoc = loc + "." + (child.isChoice() ? child.name.substring(0, child.name.length() - 3) : child.name);
            if (values.size() < child.min) {
                state.error(childLoc, "min");
            }
            if (values.size() > child.max) {
                state.error(childLoc, "max");
            }
            List<ElementRule> slices = new java.util.ArrayList<>(values.size());
            for (Base v : values) {
                slices.add(child.isSliced() ? SliceMatcher.match(state, child, v) : null);
            }
            if (state.stopped()) {
                return;
            }
            for (int i = 0; i < values.size(); i++) {
                String at = child.max > 1 ? childLoc + "[" + i + "]" : childLoc;
                occurrence(state, values.get(i), child, slices.get(i), value, hostPath, at);
            }
            for (ElementRule slice : child.slices) {
                long n = slices.stream().filter(m -> m == slice).count();
                if (n < slice.min) {
                    state.error(childLoc + ":" + slice.sliceName, "slice-min");
                }
                if (n > slice.max) {
                    state.error(childLoc + ":" + slice.sliceName, "slice-max");
                }
            }
        }
        for (String unknown : present.keySet()) {
            state.error(loc + "." + unknown, "unknown-element");
        }
    }

    private void occurrence(WalkState state, Base value, ElementRule child, ElementRule slice, Base host, String hostPath,
            String loc) {
        if (slice != null) {
            element(state, value, slice, loc);
        } else if (value instanceof Extension ext && (child.name.equals("extension") || child.name.equals("modifierExtension"))) {
            if (child.slicingClosed) {
                state.error(loc, "closed-slicing");
            } else {
                extension(state, ext, host, hostPath, loc);
            }
        } else if (child.isSliced() && child.slicingClosed) {
            state.error(loc, "closed-slicing");
        } else {
            element(state, value, child, loc);
        }
    }

    /** An extension no slice names: it must be defined somewhere we know (anyExtensionsAllowed = false). */
    private void extension(WalkState state, Extension ext, Base host, String hostPath, String loc) {
        ElementRule definition = ext.hasUrl() ? profiles.rules(ext.getUrl()) : null;
        if (definition == null) {
            state.error(loc, "unknown-extension");
            return;
        }
        if (!ExtensionContexts.allowed(profiles.definition(ext.getUrl()), hostPath, host.fhirType(), host instanceof Resource)) {
            state.error(loc, "extension-context");
        }
        element(state, ext, definition, loc); // judged by its own definition, as if a slice named it
    }

    private void primitive(WalkState state, PrimitiveType<?> value, String type, String loc) {
        if (!value.hasValue()) {
            if (!value.hasExtension()) {
                state.error(loc, "ele-1");
            }
            return;
        }
        // An IdType may carry "Type/id" in the model; the JSON (what the HL7 validator reads) holds the id part.
        String text = value instanceof org.hl7.fhir.r4.model.IdType id ? id.getIdPart() : value.getValueAsString();
        if (text.isEmpty()) {
            state.error(loc, "empty-primitive");
            return;
        }
        Pattern format = profiles.primitiveFormat(type);
        if (format != null && !format.matcher(text).matches()) {
            state.error(loc, "format:" + type);
        }
    }

    private void binding(WalkState state, Base value, String valueSet, String loc) {
        Optional<Set<String>> set = codes.valueSet(valueSet);
        if (set.isEmpty()) {
            state.unsupported("value set not expandable offline: " + valueSet);
            return;
        }
        boolean ok;
        if (value instanceof Coding c) {
            ok = set.get().contains(c.getSystem() + "|" + c.getCode());
        } else if (value instanceof CodeableConcept cc) {
            ok = cc.getCoding().stream().anyMatch(c -> set.get().contains(c.getSystem() + "|" + c.getCode()));
        } else if (value.isPrimitive() && "code".equals(value.fhirType())) {
            ok = set.get().contains("|" + value.primitiveValue());
        } else {
            state.unsupported("required binding on " + value.fhirType());
            return;
        }
        if (!ok) {
            state.error(loc, "binding:" + valueSet);
        }
    }

    /** Codes of code systems known in full must exist there, whatever the binding; UCUM units must parse. */
    private void codeSystems(WalkState state, Base value, String loc) {
        if (value instanceof Coding c && c.hasSystem() && c.hasCode()) {
            if (codes.isUcum(c.getSystem())) {
                if (!codes.validUcum(c.getCode())) {
                    state.error(loc, "ucum");
                }
                return;
            }
            Optional<Set<String>> known = codes.codeSystem(c.getSystem());
            if (known.isPresent() && !known.get().contains(c.getCode())) {
                state.error(loc, "unknown-code");
            }
        } else if (value instanceof Quantity q && q.hasCode() && codes.isUcum(q.getSystem()) && !codes.validUcum(q.getCode())) {
            state.error(loc, "ucum");
        }
    }

    private void invariant(WalkState state, Base value, ElementRule.Invariant inv, String loc) {
        try {
            Resource r = state.resource;
            if (!fhirPath.get().evaluateToBoolean(null, r, r, value, inv.expression())) {
                state.error(loc, inv.key());
            }
        } catch (RuntimeException e) {
            state.unsupported("invariant " + inv.key() + " failed to evaluate");
        }
    }
}
