package org.imsfhir.routes.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.imsfhir.routes.intake.IntakeResult;
import org.imsfhir.routes.intake.IntakeService;
import org.imsfhir.routes.intake.RecordOutcome;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.security.Scope;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.store.RecordEdits;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.store.StoredMessage;

/**
 * Edit and resubmit: an operator's corrections to a REJECTED record go through the intake again
 * (channel CONSOLE, the operator as sender) as a new version of the same session; VALID, it is
 * delivered like any record. The original message stays as it was; {@link RecordEdits} keeps who
 * changed which field from what to what.
 */
public class RecordResubmission {

    /** The fields that make the session key: changing them would make another session, not a new version. */
    static final Set<String> SESSION_KEY_FIELDS = Set.of("source.system", "sessionId");

    /** Why a resubmission was not made; the message names the field and the reason. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final StatusQueries messages;
    private final IntakeService intake;
    private final RecordEdits edits;
    private final ObjectMapper json;

    public RecordResubmission(StatusQueries messages, IntakeService intake, RecordEdits edits, ObjectMapper json) {
        this.messages = messages;
        this.intake = intake;
        this.edits = edits;
        this.json = json;
    }

    /**
     * @param values the form's field values by path (unchanged ones may be included)
     * @return the new version's outcome
     */
    public RecordOutcome resubmit(String publicId, Map<String, String> values, Caller operator) {
        StoredMessage original = messages.message(publicId)
                .filter(m -> m.sessionKey() != null && operator.mayAccessSession(m.sessionKey()))
                .orElseThrow(() -> new Refused("No such session message"));
        if (original.status() != MessageStatus.REJECTED) {
            throw new Refused("Only a REJECTED record can be edited; this one is " + original.status());
        }
        JsonNode record = readRecord(original);
        Map<String, String> before = new LinkedHashMap<>();
        RecordFields.of(record).forEach(f -> before.put(f.path(), f.value()));
        Map<String, String> changed = new LinkedHashMap<>();
        values.forEach((path, value) -> {
            if (!value.equals(before.get(path)) && !(value.isEmpty() && !before.containsKey(path))) {
                changed.put(path, value);
            }
        });
        if (changed.isEmpty()) {
            throw new Refused("Nothing was changed: correct the fields the errors name, then resubmit");
        }
        for (String path : changed.keySet()) {
            if (SESSION_KEY_FIELDS.contains(path)) {
                throw new Refused(path + ": identifies the session; a new version keeps it (send another session from the clinic's system)");
            }
            if (RecordFields.patientField(path) && !operator.has(Scope.PHI)) {
                throw new Refused(path + ": patient data; editing it needs the phi scope");
            }
        }
        ObjectNode corrected;
        try {
            corrected = RecordFields.apply(record, changed);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
        IntakeResult result = intake.receive(Channel.CONSOLE, "resubmission of " + publicId, PayloadFormat.JSON,
                PayloadFormat.JSON.mediaType(), write(corrected), operator);
        RecordOutcome outcome = result.records().get(0);
        edits.save(original.id(), outcome.messageId(), operator.id(), write(diff(before, changed)),
                String.join(", ", changed.keySet()));
        return outcome;
    }

    private ArrayNode diff(Map<String, String> before, Map<String, String> changed) {
        ArrayNode list = json.createArrayNode();
        changed.forEach((path, after) -> {
            ObjectNode change = list.addObject();
            change.put("path", path);
            change.put("before", before.get(path));
            change.put("after", after);
        });
        return list;
    }

    private JsonNode readRecord(StoredMessage message) {
        try {
            JsonNode node = json.readTree(message.rawPayload());
            if (node == null || !node.isObject()) {
                throw new Refused("This record is not a JSON object; correct it in the clinic's system and send it again");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Refused("This record came as " + message.contentType()
                    + " and is edited in the clinic's system, not here: send it again from there");
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
