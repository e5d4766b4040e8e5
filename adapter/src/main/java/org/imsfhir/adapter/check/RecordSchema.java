package org.imsfhir.adapter.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The JSON Schema of record version 1 ({@code /schema/ims-session-v1.schema.json} in this jar),
 * compiled once, and the translation of its errors into {@link Violation}s with record field paths
 * ({@code treatedSites[1].spinalLevel}) and plain reasons. Reasons never quote the offending value:
 * it may be patient data. Thread-safe.
 */
public final class RecordSchema {

    /** Classpath location of the schema; the README links the same file. */
    public static final String RESOURCE = "/schema/ims-session-v1.schema.json";

    /** Plain wording for the schema's patterns (keyed by the pattern text). */
    private static final Map<String, String> PATTERN_REASONS = Map.of(
            "^[A-Z]{2}-[A-Z0-9]{1,3}$", "must be an ISO 3166-2 style code such as CA-BC or US-WA",
            "^[A-Z]{2}(-[A-Z0-9]{1,3})?$", "must be a country or subdivision code such as CA, CA-BC or US-WA",
            "^[A-Z]{3}$", "must be an ISO 4217 currency code such as CAD or USD");

    private static volatile RecordSchema standard;

    private final JsonSchema schema;
    /** The schema as JSON, to read the other bound of a range when one is broken. */
    private final JsonNode schemaNode;

    private RecordSchema(JsonSchema schema, JsonNode schemaNode) {
        this.schema = schema;
        this.schemaNode = schemaNode;
    }

    /** The shipped v1 schema, compiled once per process. */
    public static RecordSchema standard() {
        RecordSchema s = standard;
        if (s == null) {
            synchronized (RecordSchema.class) {
                s = standard;
                if (s == null) {
                    s = load();
                    standard = s;
                }
            }
        }
        return s;
    }

    public static RecordSchema load() {
        JsonNode schemaNode;
        try (InputStream in = RecordSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("record schema missing from the classpath: " + RESOURCE);
            }
            schemaNode = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Draft 2020-12 treats "format" as an annotation unless assertions are switched on; we want
        // date and date-time (with offset) enforced.
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schemaNode, config);
        schema.initializeValidators();
        return new RecordSchema(schema, schemaNode);
    }

    /** All schema violations of one record tree, sorted by path; empty when it conforms. */
    public List<Violation> validate(JsonNode record) {
        return check(record).violations();
    }

    /**
     * What the schema says about one record tree.
     *
     * @param violations      all schema violations, sorted by path
     * @param unreadablePaths paths of values the typed model cannot hold (wrong JSON type, not in
     *                        the enum, not a date): the reader binds the record without them, so
     *                        the field rules treat them as absent
     */
    public record Outcome(List<Violation> violations, Set<String> unreadablePaths) {
        public boolean conforms() {
            return violations.isEmpty();
        }
    }

    private static final Outcome CONFORMS = new Outcome(List.of(), Set.of());

    private static final Set<String> UNREADABLE_KEYWORDS = Set.of("type", "enum", "const", "format");

    public Outcome check(JsonNode record) {
        Set<ValidationMessage> messages = schema.validate(record);
        if (messages.isEmpty()) {
            return CONFORMS;
        }
        // Over-long values first: each gets one violation, its form (pattern, format) with its length.
        Map<String, String> lengthReasons = new java.util.HashMap<>();
        for (ValidationMessage m : messages) {
            if ("maxLength".equals(m.getType())) {
                Violation v = translate(m);
                lengthReasons.put(v.path(), v.reason());
            }
        }
        Map<String, Violation> overlong = new java.util.HashMap<>();
        List<Violation> violations = new ArrayList<>(messages.size());
        Set<String> unreadable = new java.util.TreeSet<>();
        for (ValidationMessage m : messages) {
            Violation v = translate(m);
            if (UNREADABLE_KEYWORDS.contains(m.getType()) && !v.path().isEmpty()) {
                unreadable.add(v.path());
            }
            String length = lengthReasons.get(v.path());
            if (length == null) {
                if (!violations.contains(v)) {
                    violations.add(v);
                }
            } else if (!"maxLength".equals(m.getType())) {
                overlong.merge(v.path(), Violation.error(v.path(), v.reason() + " (" + length + ")"), (a, b) -> a);
            }
        }
        lengthReasons.forEach((path, reason) -> violations.add(overlong.getOrDefault(path, Violation.error(path, reason))));
        violations.sort(Comparator.comparing(Violation::path));
        return new Outcome(List.copyOf(violations), java.util.Collections.unmodifiableSet(unreadable));
    }

    Violation translate(ValidationMessage m) {
        String path = FieldPath.of(m.getInstanceLocation());
        String type = m.getType();
        switch (type) {
            case "required":
                return Violation.error(FieldPath.child(path, m.getProperty()), "is required");
            case "additionalProperties":
                return Violation.error(FieldPath.child(path, m.getProperty()), "unknown field");
            case "minimum":
            case "maximum":
                return Violation.error(path, reason(type, m) + range(m));
            default:
                return Violation.error(path, reason(type, m));
        }
    }

    /** " (between 0 and 10)" when the broken bound's schema has both bounds, else "". */
    private String range(ValidationMessage m) {
        JsonNode bounds = parentSchema(m);
        if (bounds == null || !bounds.has("minimum") || !bounds.has("maximum")) {
            return "";
        }
        return " (between " + bounds.get("minimum").asText() + " and " + bounds.get("maximum").asText() + ")";
    }

    /** The schema object holding the keyword that failed, found by its location in this schema. */
    private JsonNode parentSchema(ValidationMessage m) {
        if (m.getSchemaLocation() == null || m.getSchemaLocation().getFragment() == null) {
            return null;
        }
        JsonNodePath at = m.getSchemaLocation().getFragment();
        JsonNode node = schemaNode;
        for (int i = 0; i < at.getNameCount() - 1 && node != null; i++) {
            Object step = at.getElement(i);
            node = step instanceof Integer n ? node.get(n) : node.get(String.valueOf(step));
        }
        return node;
    }

    private static String reason(String type, ValidationMessage m) {
        JsonNode schemaNode = m.getSchemaNode();
        switch (type) {
            case "type":
                return "must be " + typeWords(schemaNode);
            case "enum":
                return "must be one of " + join(schemaNode);
            case "const":
                return "must be " + schemaNode.asText();
            case "format":
                return formatReason(schemaNode.asText());
            case "pattern":
                return PATTERN_REASONS.getOrDefault(schemaNode.asText(), "is not in the expected form");
            case "minimum":
                return "must be at least " + schemaNode.asText();
            case "maximum":
                return "must be at most " + schemaNode.asText();
            case "exclusiveMinimum":
                return "must be greater than " + schemaNode.asText();
            case "exclusiveMaximum":
                return "must be less than " + schemaNode.asText();
            case "minLength":
                return "must not be empty";
            case "maxLength":
                // The length, never the text: it may be patient data.
                return lengthReason(m.getInstanceNode(), schemaNode.asInt());
            case "minItems":
                int n = schemaNode.asInt();
                return "must have at least " + n + (n == 1 ? " entry" : " entries");
            case "maxItems":
                return "must have at most " + schemaNode.asInt() + " entries"
                        + (m.getInstanceNode() != null ? " (has " + m.getInstanceNode().size() + ")" : "");
            case "uniqueItems":
                return "must not repeat an entry";
            default:
                // A keyword we do not use today; say which, never the value.
                return "does not satisfy the schema keyword '" + type + "'";
        }
    }

    /** JSON Schema counts characters as code points; so does this reason. */
    private static String lengthReason(JsonNode text, int limit) {
        if (text == null || !text.isTextual()) {
            return "must be at most " + limit + " characters long";
        }
        String s = text.textValue();
        return "is " + s.codePointCount(0, s.length()) + " characters long; at most " + limit + " are allowed";
    }

    private static String formatReason(String format) {
        switch (format) {
            case "date-time":
                return "must be a date-time with offset, e.g. 2026-11-02T10:00:00-08:00";
            case "date":
                return "must be a date, e.g. 2026-11-02";
            case "uri":
                return "must be an absolute URI";
            default:
                return "must be in the " + format + " format";
        }
    }

    private static String typeWords(JsonNode typeNode) {
        if (typeNode.isArray()) {
            StringJoiner j = new StringJoiner(" or ");
            typeNode.forEach(t -> j.add(typeWord(t.asText())));
            return j.toString();
        }
        return typeWord(typeNode.asText());
    }

    private static String typeWord(String jsonType) {
        switch (jsonType) {
            case "object":
                return "an object";
            case "array":
                return "an array";
            case "integer":
                return "an integer";
            case "null":
                return "null";
            default:
                return "a " + jsonType;
        }
    }

    private static String join(JsonNode values) {
        StringJoiner j = new StringJoiner(", ");
        values.forEach(v -> j.add(v.asText()));
        return j.toString();
    }

    /** Record field paths in the style {@code treatedSites[1].spinalLevel}. */
    static final class FieldPath {
        private FieldPath() {
        }

        static String of(JsonNodePath location) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < location.getNameCount(); i++) {
                Object element = location.getElement(i);
                if (element instanceof Integer index) {
                    sb.append('[').append(index).append(']');
                } else {
                    if (sb.length() > 0) {
                        sb.append('.');
                    }
                    sb.append(element);
                }
            }
            return sb.toString();
        }

        static String child(String parent, String name) {
            if (name == null) {
                return parent;
            }
            return parent.isEmpty() ? name : parent + "." + name;
        }
    }
}
