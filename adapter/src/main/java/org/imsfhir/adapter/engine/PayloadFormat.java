package org.imsfhir.adapter.engine;

import java.util.Locale;
import java.util.Optional;

/** The forms a payload of IMS records comes in. */
public enum PayloadFormat {
    /** One record as a JSON object, or a JSON array of records. */
    JSON("application/json"),
    /** One JSON record per line. */
    NDJSON("application/x-ndjson"),
    /** The flat CSV layout, one row per treated site. */
    CSV("text/csv");

    private final String mediaType;

    PayloadFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format of a Content-Type header value (parameters such as charset ignored). */
    public static Optional<PayloadFormat> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/json" -> Optional.of(JSON);
            case "application/x-ndjson", "application/ndjson", "application/jsonl" -> Optional.of(NDJSON);
            case "text/csv" -> Optional.of(CSV);
            default -> Optional.empty();
        };
    }

    /** The format of an inbox file, by its extension. */
    public static Optional<PayloadFormat> ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        if (lower.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (lower.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        return Optional.empty();
    }
}
