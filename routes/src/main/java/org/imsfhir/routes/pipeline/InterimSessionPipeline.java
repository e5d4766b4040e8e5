package org.imsfhir.routes.pipeline;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.record.ImsSession;

/**
 * Stand-in for the adapter facades until they land: binds records with Jackson and builds a
 * two-resource transaction. To be replaced by the adapter's reader, converter and validator.
 */
public class InterimSessionPipeline implements SessionPipeline {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Override
    public List<ReadRecord> read(String payload, PayloadFormat format) throws UnreadablePayloadException {
        List<ReadRecord> records = new ArrayList<>();
        switch (format) {
            case JSON -> {
                try (JsonParser p = mapper.createParser(payload)) {
                    JsonToken first = p.nextToken();
                    if (first == JsonToken.START_ARRAY) {
                        int i = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            records.add(bind(i++, mapper.readTree(p).toString()));
                        }
                    } else if (first == JsonToken.START_OBJECT) {
                        mapper.readTree(p);
                        records.add(bind(0, payload));
                    } else {
                        throw new UnreadablePayloadException("expected a JSON object or array");
                    }
                    if (p.nextToken() != null) {
                        throw new UnreadablePayloadException("content after the end of the document");
                    }
                } catch (JsonProcessingException e) {
                    throw new UnreadablePayloadException("not valid JSON at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr());
                } catch (IOException e) {
                    throw new UnreadablePayloadException("unreadable");
                }
            }
            case NDJSON -> {
                int i = 0;
                for (String line : payload.split("\r?\n")) {
                    if (!line.isBlank()) {
                        records.add(bind(i++, line));
                    }
                }
            }
            case CSV -> throw new UnreadablePayloadException("CSV is not supported yet");
        }
        return records;
    }

    private ReadRecord bind(int index, String json) {
        try {
            ImsSession session = mapper.readValue(json, ImsSession.class);
            return new ReadRecord(index, 0, json, session.key().toString(), session, List.of());
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            return new ReadRecord(index, 0, json, null, null, List.of(Violation.error(path, "has the wrong type or is unknown")));
        } catch (JsonProcessingException e) {
            return new ReadRecord(index, 0, json, null, null, List.of(Violation.error("", "is not valid JSON")));
        }
    }

    @Override
    public Judgement judge(ImsSession session) {
        if (session.patient() == null || session.source() == null || session.sessionId() == null) {
            return new Judgement(null, Outcomes.error(OperationOutcome.IssueType.REQUIRED, "patient, source and sessionId are required"));
        }
        String system = session.source().system();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(system + "/patient").setValue(session.patient().id());
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.nameUUIDFromBytes((system + session.patient().id()).getBytes()))
                .setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
                .setIfNoneExist("identifier=" + system + "/patient|" + session.patient().id());
        Procedure procedure = new Procedure();
        procedure.addIdentifier().setSystem(system + "/session").setValue(session.sessionId());
        procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
        procedure.setSubject(new Reference(bundle.getEntryFirstRep().getFullUrl()));
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.nameUUIDFromBytes((system + session.sessionId()).getBytes()))
                .setResource(procedure).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Procedure?identifier=" + system + "/session|" + session.sessionId());
        return new Judgement(FHIR.newJsonParser().encodeResourceToString(bundle), new OperationOutcome());
    }
}
