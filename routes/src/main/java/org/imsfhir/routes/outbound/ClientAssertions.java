package org.imsfhir.routes.outbound;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs SMART Backend Services client assertions (RFC 7523 with SMART's rules) for one destination:
 * header {@code alg} RS384/ES384, {@code kid} and optionally {@code jku}, {@code typ} JWT; claims
 * {@code iss} = {@code sub} = client id, {@code aud} = the token endpoint, {@code iat}, {@code exp} at
 * most five minutes ahead, and a random {@code jti} so that no two assertions are alike. Nimbus
 * JOSE+JWT does the signing. The result is a credential: it goes into the token request and nowhere else.
 */
final class ClientAssertions {

    private final String clientId;
    private final JWSSigner signer;
    private final JWSHeader header;
    private final Duration lifetime;
    private final Clock clock;

    ClientAssertions(String clientId, JWK key, URI jku, Duration lifetime, Clock clock) {
        this.clientId = clientId;
        this.lifetime = lifetime;
        this.clock = clock;
        try {
            JWSAlgorithm alg;
            if (key instanceof RSAKey rsa) {
                this.signer = new RSASSASigner(rsa);
                alg = JWSAlgorithm.RS384;
            } else if (key instanceof ECKey ec) {
                this.signer = new ECDSASigner(ec);
                alg = JWSAlgorithm.ES384;
            } else {
                throw new IllegalArgumentException("unsupported key type " + key.getKeyType());
            }
            this.header = new JWSHeader.Builder(alg).keyID(key.getKeyID()).jwkURL(jku).type(JOSEObjectType.JWT).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("the signing key cannot sign", e);
        }
    }

    /** A fresh assertion for the token endpoint {@code audience}. */
    String sign(URI audience) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing the client assertion failed: " + e.getClass().getSimpleName());
        }
        return jwt.serialize();
    }
}
