package org.imsfhir.routes.outbound;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the adapter proves who it is to one receiver: the {@code auth:} block of an EHR destination,
 * an insurer or a registry feed (docs/security-out.md, commented in application.yaml).
 *
 * @param type              none, header, client-credentials or smart-backend; without a type: header when a
 *                          static header is set (here or as the older {@code auth-header}), else none
 * @param header            header: the Authorization value sent as it is (e.g. {@code Bearer abc})
 * @param tokenEndpoint     client-credentials: required; smart-backend: optional, else discovered from
 *                          {@code [base]/.well-known/smart-configuration}
 * @param clientId          the adapter's client id at that authorization server
 * @param clientSecret      client-credentials: the secret (from the environment, never in git) ...
 * @param clientSecretFile  ... or from this file (one line)
 * @param clientAuthMethod  client-credentials: {@code basic} (HTTP Basic, default) or {@code post} (form fields)
 * @param scope             the scopes asked for, space-separated (e.g. {@code system/Procedure.cu system/Patient.rs})
 * @param keyId             smart-backend: the {@code kid} of the adapter key that signs (default {@code ims.outbound.signing-key})
 * @param jku               smart-backend: put into the assertion header when the hospital wants it (the adapter's JWKS URL)
 * @param assertionLifetime smart-backend: {@code exp} of each client assertion after now (at most 5 minutes, SMART's limit)
 * @param refreshBefore     a token is reused until this long before it expires (at most a fifth of its life)
 */
public record OutboundAuth(
        Type type,
        String header,
        URI tokenEndpoint,
        String clientId,
        String clientSecret,
        Path clientSecretFile,
        @DefaultValue("basic") ClientAuthMethod clientAuthMethod,
        String scope,
        String keyId,
        URI jku,
        @DefaultValue("5m") Duration assertionLifetime,
        @DefaultValue("30s") Duration refreshBefore) {

    /** SMART Backend Services: the assertion must not live longer than five minutes. */
    public static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

    /** No authentication (also what an absent {@code auth:} block means). */
    public static final OutboundAuth NONE = new OutboundAuth(null, null, null, null, null, null,
            ClientAuthMethod.BASIC, null, null, null, MAX_ASSERTION_LIFETIME, Duration.ofSeconds(30));

    public OutboundAuth {
        // An unset ${IMS_...:} variable binds as an empty value: that means "not configured".
        tokenEndpoint = tokenEndpoint == null || tokenEndpoint.toString().isBlank() ? null : tokenEndpoint;
        jku = jku == null || jku.toString().isBlank() ? null : jku;
        clientSecretFile = clientSecretFile == null || clientSecretFile.toString().isBlank() ? null : clientSecretFile;
        clientAuthMethod = clientAuthMethod == null ? ClientAuthMethod.BASIC : clientAuthMethod;
        assertionLifetime = assertionLifetime == null ? MAX_ASSERTION_LIFETIME : assertionLifetime;
        refreshBefore = refreshBefore == null ? Duration.ofSeconds(30) : refreshBefore;
    }

    public enum Type { NONE, HEADER, CLIENT_CREDENTIALS, SMART_BACKEND }

    public enum ClientAuthMethod { BASIC, POST }

    /** The type given, else HEADER when a static header is configured, else NONE. */
    public Type effectiveType(String legacyHeader) {
        if (type != null) {
            return type;
        }
        return present(header) || present(legacyHeader) ? Type.HEADER : Type.NONE;
    }

    /** The static header: {@code auth.header}, else the older {@code auth-header}. */
    public String effectiveHeader(String legacyHeader) {
        return present(header) ? header.trim() : present(legacyHeader) ? legacyHeader.trim() : null;
    }

    static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** Never prints the header or the secret (records print every field by default). */
    @Override
    public String toString() {
        return "OutboundAuth[type=" + type + ", tokenEndpoint=" + tokenEndpoint + ", clientId=" + clientId
                + ", clientAuthMethod=" + clientAuthMethod + ", scope=" + scope + ", keyId=" + keyId + "]";
    }
}
