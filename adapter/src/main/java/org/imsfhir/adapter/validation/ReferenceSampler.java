package org.imsfhir.adapter.validation;

import java.util.function.Supplier;

/**
 * Told of every resource the compiled validator alone found valid, with a way to get the HL7
 * validator's report on the same text; decides whether (and where) to run it, to keep the compiled
 * validator honest in production. Must return at once: the record is waiting.
 */
@FunctionalInterface
public interface ReferenceSampler {

    ReferenceSampler NONE = hl7Report -> { };

    void compiledValid(Supplier<ValidationReport> hl7Report);
}
