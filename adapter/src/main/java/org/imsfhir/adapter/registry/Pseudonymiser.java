package org.imsfhir.adapter.registry;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a clinic's patient key ({@code source.system} + patient id) with a stable pseudonym:
 * HMAC-SHA256 under one registry's secret, as 64 lower-case hex digits (also a valid FHIR id).
 * The same patient always gets the same pseudonym from the same secret, so a registry can link
 * sessions; without the secret nobody can go back to the patient or link across registries.
 * Thread-safe (a {@link Mac} is made per call: cheap next to the FHIR work around it).
 */
public final class Pseudonymiser {
    private static final String ALGORITHM = "HmacSHA256";
    /** A shorter key would make guessing it practical; 16 bytes = 128 bits. */
    public static final int MIN_SECRET_BYTES = 16;

    private final SecretKeySpec key;

    public Pseudonymiser(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("registry secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A pseudonymiser keyed with the UTF-8 bytes of a configured secret. */
    public static Pseudonymiser of(String secret) {
        Objects.requireNonNull(secret, "secret");
        return new Pseudonymiser(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The pseudonym of a patient: hex HMAC-SHA256 over the length-prefixed system and the id. */
    public String pseudonym(String sourceSystem, String patientId) {
        Objects.requireNonNull(sourceSystem, "sourceSystem");
        Objects.requireNonNull(patientId, "patientId");
        // Length prefix: ("a|b", "c") and ("a", "b|c") must not collide.
        String message = sourceSystem.length() + ":" + sourceSystem + "|" + patientId;
        return HexFormat.of().formatHex(mac().doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "Pseudonymiser[HmacSHA256, secret withheld]";
    }
}
