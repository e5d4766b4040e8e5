package org.imsfhir.adapter.validation.compiled;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;

/** What one validation call has found so far, and where in the Bundle it is. One per call. */
final class WalkState {

    final List<CompiledVerdict.Finding> errors = new ArrayList<>();
    String unsupported;
    /** fullUrl -> resource of the Bundle being validated (empty outside a Bundle). */
    final Map<String, Resource> entries = new HashMap<>();
    /** Entry resources whose id is HAPI's copy of their fullUrl: the JSON has no id, so neither do they here. */
    final java.util.Set<Resource> idsFromFullUrl = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** The resource whose elements are being walked (FHIRPath's %resource). */
    Resource resource;

    void error(String location, String rule) {
        errors.add(new CompiledVerdict.Finding(location, rule));
    }

    void unsupported(String why) {
        if (unsupported == null) {
            unsupported = why;
        }
    }

    boolean stopped() {
        return unsupported != null;
    }

    CompiledVerdict verdict() {
        return new CompiledVerdict(errors, unsupported);
    }
}
