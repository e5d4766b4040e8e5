package org.imsfhir.adapter.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.imsfhir.adapter.check.RecordChecker;
import org.imsfhir.adapter.check.RecordSchema;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionKey;

/**
 * Judges one record's JSON tree for the {@link ImsRecordReader}: schema, binding to the typed
 * model, then the field rules, into one {@link RecordResult}. Thread-safe.
 */
final class RecordTreeCheck {

    private final ObjectMapper mapper;
    private final RecordSchema schema;
    private final RecordChecker checker;

    RecordTreeCheck(ObjectMapper mapper, RecordSchema schema, RecordChecker checker) {
        this.mapper = mapper;
        this.schema = schema;
        this.checker = checker;
    }

    RecordResult check(JsonNode node, int index, int line, String raw, List<Violation> earlier) {
        if (!node.isObject()) {
            return failure(index, line, raw, "must be a JSON object");
        }
        SessionKey key = keyOf(node);
        List<Violation> violations = new ArrayList<>(earlier);
        List<Violation> outsize = new ArrayList<>();
        // Before the schema: its validator writes numbers in full (see OutsizeNumbers).
        JsonNode judged = OutsizeNumbers.remove(node, outsize);
        addNew(violations, outsize);
        RecordSchema.Outcome schemaOutcome = schema.check(judged);
        List<Violation> schemaViolations = schemaOutcome.violations();
        addNew(violations, schemaViolations);

        // Bind the record; values the typed model cannot hold (wrong type, not in an enum, not a
        // date) are left out, so the field rules still judge the rest and treat those as absent.
        JsonNode bindable = schemaOutcome.unreadablePaths().isEmpty()
                ? judged : without(judged, schemaOutcome.unreadablePaths());
        ImsSession session = null;
        try {
            session = mapper.treeToValue(bindable, ImsSession.class);
        } catch (JsonMappingException e) {
            if (schemaViolations.isEmpty()) {
                // The schema accepted it but Java could not (e.g. a leap second): name the field only.
                addNew(violations, List.of(Violation.error(pathOf(e), "has a value that cannot be read")));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            if (schemaViolations.isEmpty()) {
                addNew(violations, List.of(Violation.error("", "cannot be read")));
            }
        }
        if (session != null) {
            addNew(violations, checker.check(session));
        }
        boolean hasErrors = violations.stream().anyMatch(Violation::isError);
        return new RecordResult(index, line, raw, key, hasErrors ? null : session, violations);
    }

    /** Adds violations whose path has no error yet: each path is reported once. */
    private static void addNew(List<Violation> into, List<Violation> more) {
        if (more.isEmpty()) {
            return;
        }
        Set<String> errorPaths = new HashSet<>();
        for (Violation v : into) {
            if (v.isError()) {
                errorPaths.add(v.path());
            }
        }
        for (Violation v : more) {
            if (!errorPaths.contains(v.path()) && !into.contains(v)) {
                into.add(v);
                if (v.isError()) {
                    errorPaths.add(v.path());
                }
            }
        }
    }

    /** A copy of the tree with the fields at the given paths removed (array entries nulled). */
    private static JsonNode without(JsonNode node, Set<String> paths) {
        JsonNode copy = node.deepCopy();
        for (String path : paths) {
            remove(copy, path);
        }
        return copy;
    }

    private static void remove(JsonNode root, String path) {
        List<Object> steps = FieldPaths.parse(path);
        JsonNode parent = root;
        for (int i = 0; i < steps.size() - 1 && parent != null; i++) {
            Object step = steps.get(i);
            parent = step instanceof Integer n ? parent.get(n) : parent.get((String) step);
        }
        Object last = steps.get(steps.size() - 1);
        if (parent instanceof ObjectNode o && last instanceof String name) {
            o.remove(name);
        } else if (parent instanceof ArrayNode a && last instanceof Integer n && n < a.size()) {
            a.set(n, a.nullNode());
        }
    }

    private static SessionKey keyOf(JsonNode node) {
        JsonNode system = node.path("source").path("system");
        JsonNode id = node.path("sessionId");
        if (!system.isTextual() && !id.isTextual()) {
            return null;
        }
        return new SessionKey(system.isTextual() ? system.asText() : null, id.isTextual() ? id.asText() : null);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.toString();
    }

    private static RecordResult failure(int index, int line, String raw, String reason) {
        return new RecordResult(index, line, raw, null, null, List.of(Violation.error("", reason)));
    }
}
