package org.imsfhir.routes.outbound;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code ims.outbound:} in application.yaml: what every receiver client shares (the
 * cap on an answer's size) and the adapter's own signing keys, published at
 * {@code GET /.well-known/jwks.json} for SMART Backend Services (docs/security-out.md).
 *
 * @param maxResponseSize the most of an answer that is read; a larger answer is a failed attempt
 * @param signingKey      the {@code kid} that signs client assertions (default: the first key)
 * @param keys            the adapter's key pairs; two at once during a rotation
 */
@ConfigurationProperties("ims.outbound")
public record OutboundProperties(
        @DefaultValue("4MB") DataSize maxResponseSize,
        String signingKey,
        List<Key> keys) {

    public OutboundProperties {
        maxResponseSize = maxResponseSize == null ? DataSize.ofMegabytes(4) : maxResponseSize;
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** Defaults: 4 MB answers, no keys. */
    public static OutboundProperties defaults() {
        return new OutboundProperties(null, null, null);
    }

    /**
     * One key pair, from exactly one of: a JWK file ({@code jwk}), a PEM private key ({@code private-key},
     * with its certificate in the same file or in {@code certificate}; an RSA key needs none), or a
     * key store ({@code keystore}, PKCS12 by default). RSA (2048 bits or more) signs RS384, EC P-384 signs ES384.
     *
     * @param kid the key id published and put in assertion headers (default: the JWK's own, else its RFC 7638 thumbprint)
     */
    public record Key(
            String kid,
            Resource jwk,
            Resource privateKey,
            Resource certificate,
            Resource keystore,
            @DefaultValue("PKCS12") String keystoreType,
            String keystorePassword,
            String keystoreAlias) {

        @Override
        public String toString() {
            return "Key[kid=" + kid + ", jwk=" + jwk + ", privateKey=" + privateKey + ", keystore=" + keystore + "]";
        }
    }
}
