package org.imsfhir.adapter.validation;

/**
 * The process-wide validator over the real IMS package, warmed once per test JVM: building and
 * warming cost seconds, so test classes share it as the application does.
 */
final class SharedValidator {
    private SharedValidator() {
    }

    private static final class Holder {
        static final ProfileValidator INSTANCE = warm(ProfileValidator.standard());

        private static ProfileValidator warm(ProfileValidator v) {
            v.warmUp();
            return v;
        }
    }

    static ProfileValidator get() {
        return Holder.INSTANCE;
    }

    /** The same with the compiled validator off: every report from the (pooled) HL7 validator. */
    static ProfileValidator hl7Only() {
        return Hl7Holder.INSTANCE;
    }

    private static final class Hl7Holder {
        static final ProfileValidator INSTANCE = Holder.warm(ProfileValidator.builder(get().fhirContext())
                .imsPackage(get().imsPackage()).compiled(false).build());
    }
}
