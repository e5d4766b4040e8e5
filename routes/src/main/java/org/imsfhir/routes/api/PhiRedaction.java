package org.imsfhir.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.imsfhir.adapter.validation.ValidationReport;

/**
 * What a caller without the {@code phi} scope sees of texts that may quote patient data: the HL7
 * validator's diagnostics (they can quote element values) and receivers' error texts are
 * withheld; locations, field paths, message ids, severities and codes always stay, since they are
 * what a clinic needs to fix a record. The record checks' own reasons never quote values and stay.
 */
public final class PhiRedaction {

    public static final String WITHHELD = "(withheld: this text may quote patient data; it needs the phi scope)";

    private PhiRedaction() {
    }

    /** An OperationOutcome (FHIR JSON tree) as this caller may see it; the input is not changed. */
    public static JsonNode outcome(JsonNode outcome, boolean phi) {
        if (phi || outcome == null || !outcome.has("issue")) {
            return outcome;
        }
        JsonNode copy = outcome.deepCopy();
        for (JsonNode issue : copy.path("issue")) {
            if (issue instanceof ObjectNode o && o.has("diagnostics") && fromValidator(o)) {
                o.put("diagnostics", WITHHELD);
            }
        }
        return copy;
    }

    /** A free text from outside (a receiver's answer, an insurer's disposition) as this caller may see it. */
    public static String text(String text, boolean phi) {
        return phi || text == null || text.isEmpty() ? text : WITHHELD;
    }

    private static boolean fromValidator(JsonNode issue) {
        for (JsonNode coding : issue.path("details").path("coding")) {
            if (ValidationReport.MESSAGE_ID_SYSTEM.equals(coding.path("system").asText())) {
                return true;
            }
        }
        return false;
    }
}
