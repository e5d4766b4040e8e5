package org.imsfhir.adapter.map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.imsfhir.adapter.record.ImsSession;

/**
 * Test sessions bound straight from JSON (the record model binds with Jackson): the example record
 * of the record schema (schema/ims-session-v1.schema.json) with synthetic names, and variants made by editing its JSON tree.
 */
public final class TestSessions {
    /** Keeps offsets as sent and decimals exact (0.30 stays 0.30), as the record readers do. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private TestSessions() {
    }

    /** A fresh, editable copy of the example record's JSON. */
    public static ObjectNode exampleJson() {
        try (InputStream in = TestSessions.class.getResourceAsStream("/map/example-session.json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ImsSession example() {
        return of(exampleJson());
    }

    /** The example record after {@code edit} changed its JSON. */
    public static ImsSession example(Consumer<ObjectNode> edit) {
        ObjectNode json = exampleJson();
        edit.accept(json);
        return of(json);
    }

    public static ImsSession of(ObjectNode json) {
        try {
            return JSON.treeToValue(json, ImsSession.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ImsSession parse(String json) {
        try {
            return JSON.readValue(json, ImsSession.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
