package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Whether a parsed resource still says all its JSON text said: the compiled validator judges the
 * model, the HL7 validator the text, so the model may stand in only when encoding it gives the same
 * JSON tree back (an unknown element, a value the model cannot hold, an empty object all fail this).
 */
final class EncodedForm {

    /** Comparison only: trees, not text (key order and number spelling do not matter). */
    private static final ObjectMapper TREES = new ObjectMapper();

    private EncodedForm() {
    }

    static boolean sameContent(FhirContext ctx, IBaseResource model, String json) {
        try {
            return TREES.readTree(json).equals(TREES.readTree(ctx.newJsonParser().encodeResourceToString(model)));
        } catch (JsonProcessingException | RuntimeException e) {
            return false;
        }
    }
}
