package org.imsfhir.adapter.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.imsfhir.adapter.check.Violation;

/**
 * The CSV form of record version 1 (documented in {@code schema/CSV-LAYOUT.md}): one row per
 * treated site, session columns repeated on every row of the session. Turns the rows of one session
 * into the same JSON tree a JSON sender would send, so CSV records go through the same schema and
 * checker. Cells are typed by their column; a cell that does not parse as its type is kept as text so
 * that the schema reports it at the right field path. Stateless and thread-safe.
 */
final class CsvLayout {

    enum Kind { TEXT, INTEGER, DECIMAL, BOOLEAN, TEXT_LIST, JSON_ARRAY }

    /** One column: header name, record field path (dotted), cell type, session- or site-level. */
    record Column(String name, String field, Kind kind, boolean site, boolean required) {
        String[] segments() {
            return field.split("\\.");
        }
    }

    private static final List<Column> COLUMNS = List.of(
            session("record_version", "recordVersion", Kind.TEXT, true),
            session("source_system", "source.system", Kind.TEXT, true),
            session("source_clinic_id", "source.clinicId", Kind.TEXT, true),
            session("session_id", "sessionId", Kind.TEXT, true),
            session("status", "status", Kind.TEXT, true),
            session("status_reason", "statusReason", Kind.TEXT, false),
            session("start", "start", Kind.TEXT, true),
            session("end", "end", Kind.TEXT, false),
            session("session_number", "sessionNumber", Kind.INTEGER, false),
            session("jurisdiction", "jurisdiction", Kind.TEXT, true),
            session("patient_id", "patient.id", Kind.TEXT, true),
            session("patient_health_number_issuer", "patient.healthNumber.issuer", Kind.TEXT, true),
            session("patient_health_number", "patient.healthNumber.value", Kind.TEXT, true),
            session("patient_family", "patient.family", Kind.TEXT, true),
            session("patient_given", "patient.given", Kind.TEXT_LIST, true),
            session("patient_birth_date", "patient.birthDate", Kind.TEXT, true),
            session("patient_sex", "patient.sex", Kind.TEXT, true),
            session("patient_postal_code", "patient.postalCode", Kind.TEXT, false),
            session("patient_registry_consent", "patient.registryConsent", Kind.BOOLEAN, false),
            session("practitioner_id", "practitioner.id", Kind.TEXT, true),
            session("practitioner_family", "practitioner.family", Kind.TEXT, false),
            session("practitioner_given", "practitioner.given", Kind.TEXT_LIST, false),
            session("practitioner_licence_issuer", "practitioner.licence.issuer", Kind.TEXT, true),
            session("practitioner_licence_number", "practitioner.licence.number", Kind.TEXT, true),
            session("practitioner_ims_certified", "practitioner.imsCertified", Kind.BOOLEAN, true),
            session("diagnoses", "diagnoses", Kind.JSON_ARRAY, true),
            session("needle_diameter_mm", "needle.diameterMm", Kind.DECIMAL, false),
            session("needle_length_mm", "needle.lengthMm", Kind.DECIMAL, false),
            session("estim_frequency_hz", "electricalStimulation.frequencyHz", Kind.DECIMAL, false),
            session("estim_minutes", "electricalStimulation.minutes", Kind.DECIMAL, false),
            session("pain_scale", "pain.scale", Kind.TEXT, false),
            session("pain_before", "pain.before", Kind.INTEGER, false),
            session("pain_after", "pain.after", Kind.INTEGER, false),
            session("outcomes", "outcomes", Kind.JSON_ARRAY, false),
            session("range_of_motion", "rangeOfMotion", Kind.JSON_ARRAY, false),
            session("adverse_events", "adverseEvents", Kind.JSON_ARRAY, false),
            session("consent_date", "consent.date", Kind.TEXT, true),
            session("consent_signed_by", "consent.signedBy", Kind.TEXT, true),
            session("billing_payer_id", "billing.payerId", Kind.TEXT, false),
            session("billing_member_id", "billing.memberId", Kind.TEXT, false),
            session("billing_code_set", "billing.codeSet", Kind.TEXT, false),
            session("billing_fee_amount", "billing.fee.amount", Kind.DECIMAL, false),
            session("billing_fee_currency", "billing.fee.currency", Kind.TEXT, false),
            site("site_muscle", "muscle", Kind.TEXT),
            site("site_side", "side", Kind.TEXT),
            site("site_type", "siteType", Kind.TEXT),
            site("site_spinal_level", "spinalLevel", Kind.TEXT),
            site("site_insertions", "insertions", Kind.INTEGER),
            site("site_twitch_responses", "twitchResponses", Kind.INTEGER));

    static final Map<String, Column> BY_NAME;

    static {
        Map<String, Column> byName = new LinkedHashMap<>();
        COLUMNS.forEach(c -> byName.put(c.name(), c));
        BY_NAME = java.util.Collections.unmodifiableMap(byName);
    }

    /** Columns that group rows into sessions. */
    static final String SOURCE_SYSTEM = "source_system";
    static final String SESSION_ID = "session_id";

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final String LIST_SEPARATOR = ";";

    private final ObjectMapper mapper;

    CsvLayout(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static Column session(String name, String field, Kind kind, boolean required) {
        return new Column(name, field, kind, false, required);
    }

    private static Column site(String name, String field, Kind kind) {
        return new Column(name, "treatedSites." + field, kind, true, true);
    }

    static List<Column> columns() {
        return COLUMNS;
    }

    /** Problems with the header: each missing required column and each unknown column, by name. */
    static List<Violation> checkHeader(List<String> header) {
        List<Violation> out = new ArrayList<>();
        for (Column c : COLUMNS) {
            if (c.required() && !header.contains(c.name())) {
                out.add(Violation.error("", "CSV column '" + c.name() + "' is missing"));
            }
        }
        for (String h : header) {
            if (!BY_NAME.containsKey(h)) {
                out.add(Violation.error("", "unknown CSV column '" + h + "'"));
            }
        }
        return out;
    }

    /**
     * Builds the record tree of one session from its rows. Problems that only CSV can have (a JSON
     * cell that does not parse, a session column that differs between rows) are added to
     * {@code violations}.
     */
    ObjectNode toTree(List<CSVRecord> rows, List<String> header, List<Violation> violations) {
        ObjectNode root = mapper.createObjectNode();
        CSVRecord first = rows.get(0);
        for (String name : header) {
            Column c = BY_NAME.get(name);
            if (c == null || c.site()) {
                continue;
            }
            String value = cell(first, name);
            for (int r = 1; r < rows.size(); r++) {
                if (!value.equals(cell(rows.get(r), name))) {
                    violations.add(Violation.error(c.field(),
                            "differs between the CSV rows of one session (column " + name + ")"));
                    break;
                }
            }
            if (!value.isEmpty()) {
                put(root, c.segments(), typed(c, value, violations));
            }
        }
        ArrayNode sites = mapper.createArrayNode();
        for (CSVRecord row : rows) {
            ObjectNode site = mapper.createObjectNode();
            for (String name : header) {
                Column c = BY_NAME.get(name);
                if (c == null || !c.site()) {
                    continue;
                }
                String value = cell(row, name);
                if (!value.isEmpty()) {
                    String[] seg = c.segments();
                    site.set(seg[seg.length - 1], typed(c, value, violations));
                }
            }
            // A row without site cells is a session without sites (e.g. not-done).
            if (!site.isEmpty()) {
                sites.add(site);
            }
        }
        if (!sites.isEmpty()) {
            root.set("treatedSites", sites);
        }
        return root;
    }

    /** The trimmed cell, or "" when the row is too short to have it. */
    static String cell(CSVRecord row, String name) {
        String v = row.isSet(name) ? row.get(name) : "";
        return v == null ? "" : v.trim();
    }

    private JsonNode typed(Column c, String value, List<Violation> violations) {
        switch (c.kind()) {
            case INTEGER:
                return INTEGER.matcher(value).matches()
                        ? mapper.getNodeFactory().numberNode(Integer.parseInt(value))
                        : mapper.getNodeFactory().textNode(value);
            case DECIMAL:
                return DECIMAL.matcher(value).matches()
                        ? mapper.getNodeFactory().numberNode(new BigDecimal(value))
                        : mapper.getNodeFactory().textNode(value);
            case BOOLEAN:
                if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
                    return mapper.getNodeFactory().booleanNode(Boolean.parseBoolean(value.toLowerCase()));
                }
                return mapper.getNodeFactory().textNode(value);
            case TEXT_LIST: {
                ArrayNode list = mapper.createArrayNode();
                for (String part : value.split(LIST_SEPARATOR, -1)) {
                    list.add(part.trim());
                }
                return list;
            }
            case JSON_ARRAY:
                try {
                    return mapper.readTree(value);
                } catch (JsonProcessingException | NumberFormatException e) {
                    // Never echo the cell: it may hold patient data. NumberFormatException: a number
                    // Jackson cannot parse at all (see ImsRecordReader.UNREADABLE_NUMBER).
                    violations.add(Violation.error(c.field(),
                            "is not valid JSON (column " + c.name() + " holds a JSON array)"));
                    return mapper.getNodeFactory().arrayNode();
                }
            default:
                return mapper.getNodeFactory().textNode(value);
        }
    }

    private void put(ObjectNode root, String[] path, JsonNode value) {
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (!(child instanceof ObjectNode)) {
                child = mapper.createObjectNode();
                node.set(path[i], child);
            }
            node = (ObjectNode) child;
        }
        node.set(path[path.length - 1], value);
    }
}
