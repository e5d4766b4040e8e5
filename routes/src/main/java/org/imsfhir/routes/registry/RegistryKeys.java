package org.imsfhir.routes.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pseudonym keys (HMAC-SHA256) of the enabled registry feeds, checked once at start. A feed
 * without a key, with a key shorter than {@value #MIN_KEY_BYTES} bytes, or with the public dev key
 * outside demo mode stops the start ({@link RegistryKeyException}): a weak or public key would let
 * anyone re-identify patients from the registry's pseudonyms. No message ever holds a key.
 */
public final class RegistryKeys {

    /** HMAC-SHA256's own output size: a shorter key weakens the pseudonyms. */
    public static final int MIN_KEY_BYTES = 32;
    /** The folder of secret files when {@code IMS_SECRETS_DIR} is not set (see application.yaml). */
    public static final String DEFAULT_SECRETS_DIR = "/run/secrets/ims-fhir-adapter";

    private final Map<String, String> keys;
    private final List<String> devKeyFeeds;

    private RegistryKeys(Map<String, String> keys, List<String> devKeyFeeds) {
        this.keys = Map.copyOf(keys);
        this.devKeyFeeds = List.copyOf(devKeyFeeds);
    }

    /** The keys of the enabled feeds, or a {@link RegistryKeyException} naming the first feed whose key is refused. */
    public static RegistryKeys check(RegistryProperties properties, boolean demoMode) {
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> devKeyFeeds = new ArrayList<>();
        // Sorted: the same configuration always reports the same feed first.
        for (Map.Entry<String, RegistryProperties.Feed> e : new TreeMap<>(properties.feeds()).entrySet()) {
            if (!e.getValue().enabled()) {
                continue;
            }
            String id = e.getKey();
            String key = e.getValue().secret();
            if (key == null || key.isBlank()) {
                throw new RegistryKeyException(id, "Registry feed '" + id + "' is enabled but has no pseudonym key (property "
                        + RegistryKeyException.property(id) + ").");
            }
            if (key.startsWith(RegistryProperties.DEV_SECRET_PREFIX)) {
                if (!demoMode) {
                    throw new RegistryKeyException(id, "Registry feed '" + id + "' has the public dev pseudonym key (property "
                            + RegistryKeyException.property(id) + "), which is accepted only in demo mode (Spring profile demo).");
                }
                devKeyFeeds.add(id);
            }
            // Bytes, not characters: the HMAC is keyed with the key's UTF-8 bytes (Pseudonymiser.of).
            if (key.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
                throw new RegistryKeyException(id, "The pseudonym key of registry feed '" + id + "' (property "
                        + RegistryKeyException.property(id) + ") is shorter than " + MIN_KEY_BYTES + " bytes.");
            }
            keys.put(id, key);
        }
        return new RegistryKeys(keys, devKeyFeeds);
    }

    /** The checked key of an enabled feed. */
    public String of(String feedId) {
        String key = keys.get(feedId);
        if (key == null) {
            throw new IllegalArgumentException("no enabled registry feed " + feedId);
        }
        return key;
    }

    /** The enabled feeds. */
    public Set<String> feeds() {
        return keys.keySet();
    }

    /** The feeds that run on the public dev key (demo mode only). */
    public List<String> devKeyFeeds() {
        return devKeyFeeds;
    }

    @Override
    public String toString() {
        return "RegistryKeys[" + keys.keySet() + ", keys withheld]";
    }

    /** A registry feed's key is refused: the service does not start. The message names the property, never the key. */
    public static final class RegistryKeyException extends IllegalStateException {
        private final String feedId;
        private final String description;

        RegistryKeyException(String feedId, String description) {
            super(description + " " + action(feedId));
            this.feedId = feedId;
            this.description = description;
        }

        static String property(String feedId) {
            return "ims.registry.feeds." + feedId + ".secret";
        }

        /** How to give the key, for the start-up failure report. */
        static String action(String feedId) {
            String property = property(feedId);
            return "Give " + property + " a random key of at least " + MIN_KEY_BYTES + " bytes (e.g. from 'openssl rand -base64 48'):"
                    + " as a file named " + property + " in the secrets folder (IMS_SECRETS_DIR, default " + DEFAULT_SECRETS_DIR
                    + "), or through an environment variable (IMS_REGISTRY_SECRET for the national-ims feed of the shipped"
                    + " application.yaml). Or turn the feed off (ims.registry.feeds." + feedId + ".enabled=false), or try the"
                    + " service in demo mode with its public dev key (--spring.profiles.active=demo; not for real patient data).";
        }

        public String feedId() {
            return feedId;
        }

        public String description() {
            return description;
        }

        public String action() {
            return action(feedId);
        }
    }
}
