package org.imsfhir.adapter.map;

import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ReportedAdverseEvent;
import org.imsfhir.adapter.record.Severity;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * Decides where a reported adverse event goes: significant and serious events, and every event
 * type the code list marks {@code alwaysSerious} (pneumothorax), become an AdverseEvent resource;
 * the rest (mild) are listed as Procedure.complication.
 */
final class AdverseEventTriage {
    private final Terminology terminology;

    AdverseEventTriage(Terminology terminology) {
        this.terminology = terminology;
    }

    boolean alwaysSerious(ReportedAdverseEvent event) {
        return terminology.require(ImsCanonical.CS_ADVERSE_EVENT_TYPE, event.type())
                .property("alwaysSerious").map(Boolean::parseBoolean).orElse(false);
    }

    boolean isSerious(ReportedAdverseEvent event) {
        return event.severity() == Severity.SERIOUS || alwaysSerious(event);
    }

    /** True when the event becomes an AdverseEvent resource rather than a Procedure complication. */
    boolean isAdverseEventResource(ReportedAdverseEvent event) {
        return event.severity() != Severity.MILD || alwaysSerious(event);
    }
}
