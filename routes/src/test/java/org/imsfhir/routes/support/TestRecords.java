package org.imsfhir.routes.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Synthetic IMS records made from one valid template ({@code records/template-session.json}),
 * varying the source system, session id and patient id, so tests can make thousands of distinct
 * sessions and control how many distinct patients they name.
 */
public final class TestRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectNode TEMPLATE = load();

    private final String system;

    /** Records of one (test-specific) sending system: keys never clash with other tests'. */
    public TestRecords(String system) {
        this.system = system;
    }

    private static ObjectNode load() {
        try (InputStream in = TestRecords.class.getResourceAsStream("/records/template-session.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String system() {
        return system;
    }

    /** A fresh copy of the template, keyed to this system. */
    public ObjectNode template() {
        ObjectNode node = TEMPLATE.deepCopy();
        ((ObjectNode) node.get("source")).put("system", system);
        return node;
    }

    /** Session number {@code i} of patient {@code patient}. */
    public ObjectNode session(int i, int patient) {
        ObjectNode node = template();
        node.put("sessionId", "S-" + i);
        ObjectNode p = (ObjectNode) node.get("patient");
        p.put("id", "P-" + patient);
        ((ObjectNode) p.get("healthNumber")).put("value", String.format("9%09d", patient));
        return node;
    }

    /** Records {@code from} (inclusive) to {@code to} (exclusive), session i of patient {@code i % patients}. */
    public List<ObjectNode> sessions(int from, int to, int patients) {
        List<ObjectNode> list = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            list.add(session(i, i % patients));
        }
        return list;
    }

    public static String json(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String ndjson(List<ObjectNode> records) {
        return records.stream().map(TestRecords::json).collect(Collectors.joining("\n", "", "\n"));
    }
}
