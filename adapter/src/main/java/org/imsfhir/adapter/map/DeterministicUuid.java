package org.imsfhir.adapter.map;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Name-based (version 3) UUIDs for Bundle entry fullUrls. The name is
 * {@code resourceType + "|" + identifier.system + "|" + identifier.value}, so the same record always
 * yields the same fullUrls and a resend produces an identical transaction.
 */
public final class DeterministicUuid {
    private static final String URN_PREFIX = "urn:uuid:";

    private DeterministicUuid() {
    }

    public static UUID of(String resourceType, String system, String value) {
        String name = resourceType + "|" + system + "|" + value;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    public static String urn(UUID uuid) {
        return URN_PREFIX + uuid;
    }
}
