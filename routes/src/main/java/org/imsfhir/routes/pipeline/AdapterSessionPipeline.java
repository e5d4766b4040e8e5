package org.imsfhir.routes.pipeline;

import java.util.List;
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
import org.imsfhir.routes.metrics.PipelineTimers;

/**
 * The service's pipeline on the adapter library: the record reader splits, reads and checks
 * records (JSON Schema + field rules, all violations with field paths), the converter maps a checked session to its EHR
 * transaction Bundle, the profile validator judges the whole Bundle offline. Any validator error
 * rejects the record; warnings are kept with it.
 */
public class AdapterSessionPipeline implements SessionPipeline {

    private final ImsRecordReader reader;
    private final ImsToFhirConverter converter;
    private final ConversionOptions options;
    private final ProfileValidator validator;
    private final PipelineTimers timers;

    public AdapterSessionPipeline(ImsRecordReader reader, ImsToFhirConverter converter, ConversionOptions options,
                                  ProfileValidator validator) {
        this(reader, converter, options, validator, PipelineTimers.none());
    }

    /** @param timers record how long mapping and validation of each record take */
    public AdapterSessionPipeline(ImsRecordReader reader, ImsToFhirConverter converter, ConversionOptions options,
                                  ProfileValidator validator, PipelineTimers timers) {
        this.timers = timers;
        this.reader = reader;
        this.converter = converter;
        this.options = options;
        this.validator = validator;
    }

    @Override
    public List<ReadRecord> read(String payload, PayloadFormat format) throws UnreadablePayloadException {
        List<RecordResult> results = switch (format) {
            case JSON -> reader.readJson(payload);
            case NDJSON -> reader.readNdjson(payload);
            case CSV -> reader.readCsv(payload);
        };
        if (results.size() == 1 && results.get(0).wholeInput()) {
            throw new UnreadablePayloadException(results.get(0).violations());
        }
        return results.stream().map(AdapterSessionPipeline::toReadRecord).toList();
    }

    private static ReadRecord toReadRecord(RecordResult r) {
        SessionKey key = r.key();
        String sessionKey = key == null || key.system() == null || key.sessionId() == null ? null : key.toString();
        return new ReadRecord(r.index(), r.line(), r.raw(), sessionKey, r.session(), r.violations());
    }

    @Override
    public Judgement judge(ImsSession session) {
        Bundle bundle = timers.mapping().record(() -> converter.convert(session, options).bundle());
        String json = ImsToFhirConverter.toJson(bundle); // validated as it will be sent, encoded once
        ValidationReport report = timers.validation().record(() -> validator.validateEncoded(bundle, json));
        OperationOutcome outcome = new OperationOutcome();
        // Only what a sender needs to act on: errors and warnings (not "no issues found").
        report.toOperationOutcome().getIssue().stream()
                .filter(i -> i.getSeverity() == IssueSeverity.ERROR || i.getSeverity() == IssueSeverity.FATAL
                        || i.getSeverity() == IssueSeverity.WARNING)
                .forEach(i -> outcome.addIssue(i.copy()));
        return report.isValid()
                ? new Judgement(json, outcome)
                : new Judgement(null, outcome);
    }

    /** Builds the validator and runs one validation, so the first record does not pay for a cold start. */
    public void warmUp() {
        validator.warmUp();
    }
}
