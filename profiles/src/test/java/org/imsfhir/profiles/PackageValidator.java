package org.imsfhir.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator over R4 core and the IMS package loaded from the built
 * {@code /ims-package.tgz} on the classpath; offline (no terminology server). Built once per test
 * JVM: the first validation costs seconds.
 */
final class PackageValidator {

    static final FhirContext CTX = FhirContext.forR4Cached();
    private static final FhirValidator VALIDATOR = create();

    private PackageValidator() {
    }

    private static FhirValidator create() {
        try {
            NpmPackageValidationSupport ims = new NpmPackageValidationSupport(CTX);
            ims.loadPackageFromClasspath("classpath:/ims-package.tgz");
            ValidationSupportChain chain = new ValidationSupportChain(
                    ims,
                    new DefaultProfileValidationSupport(CTX),
                    new CommonCodeSystemsTerminologyService(CTX),
                    new InMemoryTerminologyServerValidationSupport(CTX),
                    new SnapshotGeneratingValidationSupport(CTX));
            return CTX.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ValidationResult validate(IBaseResource resource) {
        return VALIDATOR.validateWithResult(resource);
    }

    static ValidationResult validate(String json) {
        return VALIDATOR.validateWithResult(json);
    }

    static List<SingleValidationMessage> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
    }

    static String describe(List<SingleValidationMessage> messages) {
        StringBuilder text = new StringBuilder();
        messages.forEach(m -> text.append("\n  ").append(m.getSeverity()).append(' ').append(m.getLocationString())
                .append(" [").append(m.getMessageId()).append("] ").append(m.getMessage()));
        return text.toString();
    }
}
