package org.imsfhir.adapter.validation.compiled;

import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * References: one that names an entry of the Bundle must name an entry of a type the element allows;
 * outside a Bundle, a relative reference ({@code Patient/123}) must name such a type. References the
 * Bundle cannot answer (a {@code urn:uuid:} of no entry, to a server, to a contained resource) and
 * targets whose profile would have to be checked are "unsupported": the HL7 validator judges those.
 */
final class ReferenceRules {

    private final ProfileCompiler profiles;

    ReferenceRules(ProfileCompiler profiles) {
        this.profiles = profiles;
    }

    private static final java.util.regex.Pattern RELATIVE = java.util.regex.Pattern.compile("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}");

    private void typeOnly(WalkState state, String type, ElementRule rule, String loc) {
        if (rule.targetProfiles.isEmpty()) {
            return;
        }
        for (String url : rule.targetProfiles) {
            StructureDefinition sd = profiles.definition(url);
            if (sd == null) {
                state.unsupported("unknown target profile");
                return;
            }
            if (sd.getType().equals(type) || sd.getType().equals("Resource")) {
                return;
            }
        }
        state.error(loc, "reference-target-type");
    }

    void check(WalkState state, Base value, ElementRule rule, String loc) {
        if (!(value instanceof Reference ref) || !ref.hasReference()) {
            return;
        }
        String target = ref.getReference();
        Resource resolved = state.entries.get(target);
        if (resolved == null && state.entries.isEmpty() && RELATIVE.matcher(target).matches()) {
            // A resource on its own: nothing to resolve against (the HL7 validator fetches nothing either),
            // but the type the reference names must be one the element allows.
            typeOnly(state, target.substring(0, target.indexOf('/')), rule, loc);
            return;
        }
        if (resolved == null) {
            // Not an error for the HL7 validator even as urn:uuid (the differential test found it
            // passes a transaction whose urn:uuid names no entry); not ours to judge either.
            state.unsupported("reference outside the Bundle");
            return;
        }
        List<String> targets = rule.targetProfiles;
        if (targets.isEmpty()) {
            return;
        }
        boolean typeAllowed = false;
        boolean profileNeeded = true;
        for (String url : targets) {
            StructureDefinition sd = profiles.definition(url);
            if (sd == null) {
                state.unsupported("unknown target profile");
                return;
            }
            if (sd.getType().equals(resolved.fhirType()) || sd.getType().equals("Resource")) {
                typeAllowed = true;
                boolean core = url.startsWith(ProfileCompiler.CORE);
                if (core || resolved.hasMeta() && resolved.getMeta().hasProfile(url)) {
                    profileNeeded = false;
                }
            }
        }
        if (!typeAllowed) {
            state.error(loc, "reference-target-type");
        } else if (profileNeeded) {
            state.unsupported("reference target does not claim the target profile");
        }
    }
}
