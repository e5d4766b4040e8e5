package org.imsfhir.routes.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imsfhir.routes.api.PhiRedaction;
import org.imsfhir.routes.claim.ClaimStore;
import org.imsfhir.routes.claim.StoredClaim;
import org.imsfhir.routes.registry.RegistryExclusion;
import org.imsfhir.routes.registry.RegistryStore;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.security.Scope;
import org.imsfhir.routes.store.AuditEntry;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.store.RecordEdits;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.store.StoredDelivery;
import org.imsfhir.routes.store.StoredMessage;

/**
 * Everything the session page shows of one message, as this user may see it: the record's fields
 * with each error next to its field, the profile validator's findings, the stage timeline,
 * deliveries with their attempts, claims, registry exclusions, edits and the audit trail. Patient
 * data (the record's patient block, validator and receiver texts) only for users with {@code phi}.
 */
public class SessionDetails {

    static final String WITHHELD = "(withheld: needs the phi scope)";

    /** A field of the record, its errors, and whether this user may change it. */
    public record FieldRow(String path, String value, boolean editable, boolean added, List<OutcomeIssues.Issue> errors) {
    }

    /** A delivery and its attempts (the audit rows of that delivery). */
    public record DeliveryRow(StoredDelivery delivery, String lastError, String answer, List<AuditEntry> attempts) {
    }

    /** A claim and, for phi users, the insurer's ClaimResponse. */
    public record ClaimRow(StoredClaim claim, String disposition, String response) {
    }

    /** A registry exclusion with its issues. */
    public record ExclusionRow(RegistryExclusion exclusion, List<OutcomeIssues.Issue> issues) {
    }

    /** A console edit, its field changes (values of patient fields withheld without phi). */
    public record EditRow(RecordEdits.Edit edit, boolean madeThis, List<Map<String, String>> changes) {
    }

    /** The page. {@code editable}: a REJECTED JSON record and an operator. */
    public record View(StoredMessage message, boolean editable, String recordNote, List<FieldRow> fields,
                       List<OutcomeIssues.Issue> validatorIssues, List<AuditEntry> stages, List<DeliveryRow> deliveries,
                       List<ClaimRow> claims, List<ExclusionRow> exclusions, List<EditRow> edits, List<AuditEntry> audit) {
    }

    private final StatusQueries messages;
    private final ClaimStore claims;
    private final RegistryStore registry;
    private final RecordEdits edits;
    private final ObjectMapper json;

    public SessionDetails(StatusQueries messages, ClaimStore claims, RegistryStore registry, RecordEdits edits,
                          ObjectMapper json) {
        this.messages = messages;
        this.claims = claims;
        this.registry = registry;
        this.edits = edits;
        this.json = json;
    }

    /** The message with this public id, if the caller may see its clinic. */
    public Optional<View> of(String publicId, Caller caller) {
        Optional<StoredMessage> found = messages.message(publicId)
                .filter(m -> m.sessionKey() == null ? caller.allClinics() : caller.mayAccessSession(m.sessionKey()));
        return found.map(m -> view(m, caller));
    }

    private View view(StoredMessage m, Caller caller) {
        boolean phi = caller.has(Scope.PHI);
        List<OutcomeIssues.Issue> issues = OutcomeIssues.of(m.outcome(), phi, json);
        JsonNode record = parse(m.rawPayload());
        boolean editable = record != null && m.status() == MessageStatus.REJECTED && caller.has(Scope.OPERATE);
        List<FieldRow> fields = record == null ? List.of() : fields(record, issues, phi, editable);
        String note = record != null ? null : phi ? m.rawPayload() : "The record is not a JSON object; its text " + WITHHELD;
        List<AuditEntry> audit = messages.auditOf(m.id());
        List<AuditEntry> stages = audit.stream().filter(a -> a.deliveryId() == null).toList();
        List<DeliveryRow> deliveries = messages.deliveriesOf(m.id()).stream().map(d -> new DeliveryRow(d,
                PhiRedaction.text(d.lastError(), phi), phi ? d.responseBody() : null,
                audit.stream().filter(a -> Long.valueOf(d.id()).equals(a.deliveryId()))
                        .map(a -> redacted(a, phi)).toList())).toList();
        List<ClaimRow> claimRows = m.sessionKey() == null ? List.of() : claims.ofSession(m.sessionKey()).stream()
                .map(c -> new ClaimRow(c, PhiRedaction.text(c.disposition(), phi), phi ? c.response() : null)).toList();
        List<ExclusionRow> exclusions = registry.exclusionsOfMessage(m.id()).stream()
                .map(e -> new ExclusionRow(e, OutcomeIssues.of(e.outcome(), phi, json))).toList();
        List<EditRow> editRows = edits.of(m.id()).stream()
                .map(e -> new EditRow(e, e.newMessageId() == m.id(), changes(e.changes(), phi))).toList();
        return new View(m, editable, note, fields, issues.stream().filter(OutcomeIssues.Issue::validator).toList(),
                stages, deliveries, claimRows, exclusions, editRows, audit.stream().map(a -> redacted(a, phi)).toList());
    }

    /** Each record-check error beside the field it names; one it names but the record lacks gets an empty row. */
    static List<FieldRow> fields(JsonNode record, List<OutcomeIssues.Issue> issues, boolean phi, boolean editable) {
        Map<String, List<OutcomeIssues.Issue>> byPath = new LinkedHashMap<>();
        List<RecordFields.Field> leaves = RecordFields.of(record);
        leaves.forEach(f -> byPath.put(f.path(), new ArrayList<>()));
        Map<String, List<OutcomeIssues.Issue>> missing = new LinkedHashMap<>();
        for (OutcomeIssues.Issue issue : issues) {
            if (issue.validator()) {
                continue;
            }
            String target = placeOf(issue.location(), leaves);
            if (target != null) {
                byPath.get(target).add(issue);
            } else {
                missing.computeIfAbsent(issue.location(), k -> new ArrayList<>()).add(issue);
            }
        }
        List<FieldRow> rows = new ArrayList<>();
        for (RecordFields.Field f : leaves) {
            boolean hidden = f.phi() && !phi;
            rows.add(new FieldRow(f.path(), hidden ? WITHHELD : f.value(), editable && !hidden
                    && !RecordResubmission.SESSION_KEY_FIELDS.contains(f.path()), false, byPath.get(f.path())));
        }
        missing.forEach((path, list) -> rows.add(new FieldRow(path, "", editable && isFieldPath(path)
                && (phi || !RecordFields.patientField(path)), true, list)));
        return rows;
    }

    /** The field an error belongs to: the path itself, the field it is inside, or the first field under it. */
    private static String placeOf(String location, List<RecordFields.Field> leaves) {
        if (location == null || location.isEmpty()) {
            return null;
        }
        for (RecordFields.Field f : leaves) {
            if (f.path().equals(location)) {
                return f.path();
            }
        }
        for (RecordFields.Field f : leaves) {
            if (location.startsWith(f.path() + ".") || location.startsWith(f.path() + "[")) {
                return f.path();
            }
        }
        for (RecordFields.Field f : leaves) {
            if (f.path().startsWith(location + ".") || f.path().startsWith(location + "[")) {
                return f.path();
            }
        }
        return null;
    }

    private static boolean isFieldPath(String path) {
        try {
            JsonPath.parse(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private List<Map<String, String>> changes(String changesJson, boolean phi) {
        List<Map<String, String>> list = new ArrayList<>();
        for (JsonNode c : parseOrEmpty(changesJson)) {
            String path = c.path("path").asText();
            boolean hidden = !phi && RecordFields.patientField(path);
            list.add(Map.of("path", path,
                    "before", hidden ? WITHHELD : c.path("before").isNull() ? "(absent)" : c.path("before").asText(),
                    "after", hidden ? WITHHELD : c.path("after").asText()));
        }
        return list;
    }

    /** Delivery attempts quote receivers: their details follow the API's redaction. */
    private static AuditEntry redacted(AuditEntry a, boolean phi) {
        return a.deliveryId() == null ? a : new AuditEntry(a.id(), a.messageId(), a.deliveryId(), a.destination(),
                a.fromStatus(), a.toStatus(), PhiRedaction.text(a.detail(), phi), a.at(), a.actor());
    }

    private JsonNode parse(String raw) {
        try {
            JsonNode node = json.readTree(raw);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private JsonNode parseOrEmpty(String raw) {
        try {
            return raw == null ? json.createArrayNode() : json.readTree(raw);
        } catch (JsonProcessingException e) {
            return json.createArrayNode();
        }
    }
}
