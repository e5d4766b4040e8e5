package org.imsfhir.adapter.map;

import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The business identifier of one emitted resource ({@code system|value}, see BusinessIdentifiers) and
 * what follows from it: the Identifier element, the conditional search, the deterministic fullUrl.
 * Immutable.
 */
public final class BusinessId {
    private final String resourceType;
    private final String system;
    private final String value;
    private final UUID uuid;
    private final String fullUrl;

    BusinessId(String resourceType, String system, String value) {
        this.resourceType = resourceType;
        this.system = system;
        this.value = value;
        this.uuid = DeterministicUuid.of(resourceType, system, value);
        this.fullUrl = DeterministicUuid.urn(uuid);
    }

    public String resourceType() {
        return resourceType;
    }

    public String system() {
        return system;
    }

    public String value() {
        return value;
    }

    /** The name-based UUID behind {@link #fullUrl()}. */
    public UUID uuid() {
        return uuid;
    }

    /** {@code urn:uuid:...}; other entries of the bundle reference the resource through it. */
    public String fullUrl() {
        return fullUrl;
    }

    /** A new Identifier element (a fresh object each call: HAPI elements are mutable). */
    public Identifier toIdentifier() {
        return new Identifier().setSystem(system).setValue(value);
    }

    /** A new Reference to this resource's fullUrl. */
    public Reference reference() {
        return new Reference(fullUrl);
    }

    /** {@code identifier=SYSTEM|VALUE}, for ifNoneExist and conditional update URLs. */
    public String searchQuery() {
        return "identifier=" + SearchToken.escape(system) + "|" + SearchToken.escape(value);
    }

    /** {@code Type?identifier=SYSTEM|VALUE}: the conditional update URL. */
    public String conditionalUrl() {
        return resourceType + "?" + searchQuery();
    }

    @Override
    public String toString() {
        return resourceType + "?identifier=" + system + "|" + value;
    }
}
