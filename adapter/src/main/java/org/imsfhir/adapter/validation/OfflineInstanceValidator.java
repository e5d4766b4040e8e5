package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.IValidationContext;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * HAPI's instance validator, opened up to return the HL7 validator's own messages: HAPI's
 * {@code SingleValidationMessage} drops the issue type and the invariant key, which the
 * must-fail tests and the OperationOutcome need.
 */
final class OfflineInstanceValidator extends FhirInstanceValidator {

    OfflineInstanceValidator(IValidationSupport support) {
        super(support);
    }

    List<ValidationMessage> validateRaw(IValidationContext<?> context) {
        return validate(context);
    }
}
