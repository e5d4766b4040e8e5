package org.imsfhir.adapter.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionKey;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.adapter.validation.ValidationReport;

/**
 * The one way from IMS records to validated FHIR: read and check a payload record by record, then
 * map a checked session, encode its Bundle once and validate that very text against the profiles.
 * The service, the command line, the claim sender and the registry feeds all go through it, so a
 * record is judged the same wherever it comes from.
 *
 * <p>Built once from its parts ({@link #builder()}) and shared: thread-safe as its parts are. The
 * validator is asked for only when a record is judged, so a reading-only engine never builds it.
 * Not final only so that tests can stand in for slow or failing judging.
 */
public class ImsEngine {

    private final ImsRecordReader reader;
    private final ImsToFhirConverter converter;
    private final ConversionOptions options;
    private final Supplier<ProfileValidator> validator;
    private final EngineTimers timers;
    private final boolean pretty;
    /** The validator once asked for (the supplier may build it: that happens once). */
    private volatile ProfileValidator profiles;

    protected ImsEngine(Builder b) {
        this.reader = b.reader != null ? b.reader : ImsRecordReader.standard();
        this.converter = b.converter != null ? b.converter : new ImsToFhirConverter();
        this.options = Objects.requireNonNull(b.options, "options");
        this.validator = b.validator;
        this.timers = Objects.requireNonNull(b.timers, "timers");
        this.pretty = b.pretty;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Splits a payload into records, reading and checking each on its own (one bad record never
     * blocks the others).
     *
     * @throws UnreadablePayloadException when the payload as a whole cannot be split (broken JSON)
     */
    public List<ReadRecord> read(String payload, PayloadFormat format) throws UnreadablePayloadException {
        List<RecordResult> results = switch (format) {
            case JSON -> reader.readJson(payload);
            case NDJSON -> reader.readNdjson(payload);
            case CSV -> reader.readCsv(payload);
        };
        if (results.size() == 1 && results.get(0).wholeInput()) {
            throw new UnreadablePayloadException(results.get(0).violations());
        }
        return results.stream().map(ImsEngine::toReadRecord).toList();
    }

    /**
     * The session of one stored record (a VALID record read again to bill or report it): empty when
     * it no longer reads as exactly one checked session.
     */
    public Optional<ImsSession> readStored(String rawRecord, PayloadFormat format) {
        try {
            List<ReadRecord> read = read(rawRecord, format);
            return read.size() == 1 && read.get(0).checked() ? Optional.of(read.get(0).session()) : Optional.empty();
        } catch (UnreadablePayloadException | RuntimeException e) {
            // The caller reports it without the payload's text.
            return Optional.empty();
        }
    }

    private static ReadRecord toReadRecord(RecordResult r) {
        SessionKey key = r.key();
        String sessionKey = key == null || key.system() == null || key.sessionId() == null ? null : key.toString();
        return new ReadRecord(r.index(), r.line(), r.raw(), sessionKey, r.session(), r.violations());
    }

    /**
     * Maps one checked session to its transaction Bundle, encodes it once and validates that text.
     * Any validator error rejects the record (no Bundle); warnings are kept with it.
     */
    public Judgement judge(ImsSession session) {
        Bundle bundle = timers.timeMapping(() -> converter.convert(session, options).bundle());
        String json = ImsToFhirConverter.toJson(bundle, pretty); // validated as it will be sent, encoded once
        ProfileValidator profiles = profiles();
        if (profiles == null) {
            return new Judgement(json, new OperationOutcome()); // validation switched off (command line --no-validate)
        }
        ValidationReport report = timers.timeValidation(() -> profiles.validateEncoded(bundle, json));
        OperationOutcome outcome = new OperationOutcome();
        // Only what a sender needs to act on: errors and warnings (not "no issues found").
        report.toOperationOutcome().getIssue().stream()
                .filter(i -> i.getSeverity() == IssueSeverity.ERROR || i.getSeverity() == IssueSeverity.FATAL
                        || i.getSeverity() == IssueSeverity.WARNING)
                .forEach(i -> outcome.addIssue(i.copy()));
        return new Judgement(report.isValid() ? json : null, outcome, report);
    }

    /** Builds the validator and runs one validation, so the first record does not pay for a cold start. */
    public void warmUp() {
        ProfileValidator p = profiles();
        if (p != null) {
            p.warmUp();
        }
    }

    /**
     * Warms the HL7 validator too, which words the errors of rejected records (and answers everything
     * the compiled validator does not cover); nothing when the HL7 validator is the only one
     * ({@link #warmUp()} warmed it already).
     */
    public void warmUpReference() {
        ProfileValidator p = profiles();
        if (p != null && p.compiledFirst()) {
            p.warmUpReference();
        }
    }

    private ProfileValidator profiles() {
        ProfileValidator p = profiles;
        if (p == null && validator != null) {
            synchronized (this) {
                p = profiles;
                if (p == null) {
                    p = validator.get();
                    profiles = p;
                }
            }
        }
        return p;
    }

    /** The reader, for callers that stream files record by record (the command line). */
    public ImsRecordReader reader() {
        return reader;
    }

    /** Assembles an engine; reader, converter and options default to the standard ones. */
    public static final class Builder {
        private ImsRecordReader reader;
        private ImsToFhirConverter converter;
        private ConversionOptions options = ConversionOptions.defaults();
        private Supplier<ProfileValidator> validator;
        private EngineTimers timers = EngineTimers.NONE;
        private boolean pretty;

        private Builder() {
        }

        public Builder reader(ImsRecordReader reader) {
            this.reader = reader;
            return this;
        }

        public Builder converter(ImsToFhirConverter converter) {
            this.converter = converter;
            return this;
        }

        public Builder options(ConversionOptions options) {
            this.options = options;
            return this;
        }

        public Builder validator(ProfileValidator validator) {
            return validator(validator == null ? null : () -> validator);
        }

        /** A validator made when first needed (null or a null supplier: Bundles are not validated). */
        public Builder validator(Supplier<ProfileValidator> validator) {
            this.validator = validator;
            return this;
        }

        public Builder timers(EngineTimers timers) {
            this.timers = timers;
            return this;
        }

        /** Indented Bundle JSON (files people read) instead of compact (what is sent). */
        public Builder prettyJson(boolean pretty) {
            this.pretty = pretty;
            return this;
        }

        public ImsEngine build() {
            return new ImsEngine(this);
        }
    }
}
