package org.imsfhir.adapter.record;

import java.time.OffsetDateTime;

/** An adverse event as the clinic reports it (type from {@code ims-adverse-event-type}). */
public record ReportedAdverseEvent(String type, Severity severity, OffsetDateTime onset) {

    /** Pneumothorax is always serious, whatever the reported severity. */
    public boolean isPneumothorax() {
        return "pneumothorax".equals(type);
    }
}
