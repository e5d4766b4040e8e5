package org.imsfhir.adapter.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The adapter's own rule on top of the profiles: every resource it emits declares, in
 * {@code meta.profile}, an IMS profile for its resource type. A resource without one would be
 * validated against the base FHIR spec only, so a missing profile is an error, not a warning.
 * For a Bundle the rule applies to each entry's resource (the Bundle itself has no IMS profile).
 */
final class EmittedProfileCheck {

    static final String MISSING = "IMS_META_PROFILE_MISSING";
    static final String NOT_IMS = "IMS_META_PROFILE_NOT_IMS";

    /** IMS resource profile URL to its resource type. */
    private final Map<String, String> profileTypes;

    EmittedProfileCheck(Map<String, String> profileTypes) {
        this.profileTypes = Map.copyOf(profileTypes);
    }

    List<ValidationIssue> check(IBaseResource resource) {
        List<ValidationIssue> issues = new ArrayList<>();
        if (resource instanceof Bundle bundle) {
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                Resource r = bundle.getEntry().get(i).getResource();
                if (r != null) {
                    checkOne(r, "Bundle.entry[" + i + "].resource", issues);
                }
            }
        } else if (resource instanceof Resource r) {
            checkOne(r, r.fhirType(), issues);
        }
        return issues;
    }

    private void checkOne(Resource r, String path, List<ValidationIssue> issues) {
        List<CanonicalType> profiles = r.getMeta().getProfile();
        if (profiles.isEmpty()) {
            issues.add(new ValidationIssue(ValidationIssue.Severity.ERROR, path, MISSING, "required", null,
                    r.fhirType() + " has no meta.profile; every emitted resource must declare its IMS profile"));
            return;
        }
        for (CanonicalType p : profiles) {
            String url = stripVersion(p.getValue());
            if (r.fhirType().equals(profileTypes.get(url))) {
                return;
            }
        }
        issues.add(new ValidationIssue(ValidationIssue.Severity.ERROR, path + ".meta.profile[0]", NOT_IMS,
                "invalid", null, r.fhirType() + " declares no IMS profile for its type in meta.profile"));
    }

    private static String stripVersion(String canonical) {
        if (canonical == null) {
            return "";
        }
        int bar = canonical.indexOf('|');
        return bar < 0 ? canonical : canonical.substring(0, bar);
    }
}
