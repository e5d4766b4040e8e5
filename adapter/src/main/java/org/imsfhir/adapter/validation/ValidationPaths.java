package org.imsfhir.adapter.validation;

import java.util.concurrent.atomic.LongAdder;

/**
 * How the {@link ProfileValidator} reached its reports so far: judged valid by the compiled
 * validator alone, or handed to the HL7 validator because the compiled one found errors (the HL7
 * validator words them) or met something it does not cover. For metrics; thread-safe.
 */
public final class ValidationPaths {

    private final LongAdder compiledValid = new LongAdder();
    private final LongAdder hl7ForErrors = new LongAdder();
    private final LongAdder hl7Unsupported = new LongAdder();
    private final LongAdder hl7Only = new LongAdder();

    void compiledValid() {
        compiledValid.increment();
    }

    void hl7ForErrors() {
        hl7ForErrors.increment();
    }

    void hl7Unsupported() {
        hl7Unsupported.increment();
    }

    void hl7Only() {
        hl7Only.increment();
    }

    /** Validations the compiled validator answered alone (valid). */
    public long compiledValidCount() {
        return compiledValid.sum();
    }

    /** Validations the compiled validator found errors in: the HL7 validator wrote the report. */
    public long hl7ForErrorsCount() {
        return hl7ForErrors.sum();
    }

    /** Validations handed to the HL7 validator because the compiled one does not cover the content. */
    public long hl7UnsupportedCount() {
        return hl7Unsupported.sum();
    }

    /** Validations with the compiled validator switched off (or for XML text). */
    public long hl7OnlyCount() {
        return hl7Only.sum();
    }
}
