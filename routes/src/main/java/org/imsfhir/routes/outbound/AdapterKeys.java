package org.imsfhir.routes.outbound;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;

/**
 * The adapter's own key pairs ({@code ims.outbound.keys}): the private halves sign SMART client
 * assertions, the public halves are published as a JWK set for hospitals to register. Loaded once at
 * start-up; a key that cannot be used stops the start with the configuration index and the reason
 * (never key material). Only RS384 (RSA, 2048 bits or more) and ES384 (EC P-384) keys are accepted,
 * the two algorithms SMART Backend Services names.
 */
public final class AdapterKeys {

    private final Map<String, JWK> byKid;
    private final String signingKid;

    public AdapterKeys(OutboundProperties properties) {
        Map<String, JWK> keys = new LinkedHashMap<>();
        List<OutboundProperties.Key> configured = properties.keys();
        for (int i = 0; i < configured.size(); i++) {
            String where = "ims.outbound.keys[" + i + "]";
            JWK key = load(configured.get(i), where);
            if (keys.putIfAbsent(key.getKeyID(), key) != null) {
                throw new IllegalStateException(where + ": kid '" + key.getKeyID() + "' is used by another key");
            }
        }
        this.byKid = Collections.unmodifiableMap(keys);
        String wanted = properties.signingKey();
        if (OutboundAuth.present(wanted) && !keys.containsKey(wanted)) {
            throw new IllegalStateException("ims.outbound.signing-key: no key with kid '" + wanted + "' among ims.outbound.keys "
                    + keys.keySet());
        }
        this.signingKid = OutboundAuth.present(wanted) ? wanted : keys.keySet().stream().findFirst().orElse(null);
    }

    /** No keys (tests, and a service without SMART destinations). */
    public static AdapterKeys none() {
        return new AdapterKeys(OutboundProperties.defaults());
    }

    /** The private key that signs for a destination: {@code kid}, or the default signing key when null. */
    public JWK signingKey(String kid, String where) {
        String wanted = OutboundAuth.present(kid) ? kid : signingKid;
        if (wanted == null) {
            throw new IllegalStateException(where + ": smart-backend needs a signing key, but ims.outbound.keys is empty");
        }
        JWK key = byKid.get(wanted);
        if (key == null) {
            throw new IllegalStateException(where + ".key-id: no key with kid '" + wanted + "' among ims.outbound.keys "
                    + byKid.keySet());
        }
        return key;
    }

    /** The public halves, as published at {@code /.well-known/jwks.json}. */
    public JWKSet publicKeys() {
        List<JWK> pub = new ArrayList<>();
        byKid.values().forEach(k -> pub.add(k.toPublicJWK()));
        return new JWKSet(pub);
    }

    public List<String> kids() {
        return List.copyOf(byKid.keySet());
    }

    private static JWK load(OutboundProperties.Key k, String where) {
        int sources = (k.jwk() != null ? 1 : 0) + (k.privateKey() != null ? 1 : 0) + (k.keystore() != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalStateException(where + ": give exactly one of jwk, private-key or keystore");
        }
        JWK key;
        try {
            if (k.jwk() != null) {
                key = fromJwk(read(k.jwk()));
            } else if (k.privateKey() != null) {
                key = fromPem(k.privateKey(), k.certificate());
            } else {
                key = fromKeyStore(k);
            }
        } catch (Unusable e) {
            throw new IllegalStateException(where + ": " + e.getMessage());
        } catch (IOException | GeneralSecurityException | ParseException | JOSEException | RuntimeException e) {
            // The exception text of a parser may quote the file's content: name the type only.
            throw new IllegalStateException(where + ": the key cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (!key.isPrivate()) {
            throw new IllegalStateException(where + ": holds a public key only; the private key is needed to sign");
        }
        return finish(key, k.kid(), where);
    }

    private static JWK fromJwk(String text) throws ParseException {
        return text.contains("\"keys\"") ? JWKSet.parse(text).getKeys().get(0) : JWK.parse(text);
    }

    private static JWK fromPem(Resource keyFile, Resource certificateFile) throws IOException, GeneralSecurityException {
        String text = read(keyFile);
        PrivateKey privateKey = PemContent.of(text).getPrivateKey();
        if (privateKey == null) {
            throw new Unusable("the PEM file holds no private key");
        }
        List<X509Certificate> certs = List.of();
        if (text.contains("BEGIN CERTIFICATE")) {
            certs = PemContent.of(text).getCertificates();
        } else if (certificateFile != null) {
            certs = PemContent.of(read(certificateFile)).getCertificates();
        }
        PublicKey publicKey = certs.isEmpty() ? null : certs.get(0).getPublicKey();
        if (publicKey == null && privateKey instanceof RSAPrivateCrtKey crt) {
            publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        }
        if (publicKey instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).privateKey(privateKey).build();
        }
        if (publicKey instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).privateKey(privateKey).build();
        }
        throw new Unusable("an EC key needs its certificate (in the same PEM file or in certificate)");
    }

    private static JWK fromKeyStore(OutboundProperties.Key k) throws IOException, GeneralSecurityException, JOSEException {
        char[] password = k.keystorePassword() == null ? new char[0] : k.keystorePassword().toCharArray();
        KeyStore store = KeyStore.getInstance(k.keystoreType() == null ? "PKCS12" : k.keystoreType());
        try (InputStream in = k.keystore().getInputStream()) {
            store.load(in, password);
        }
        String alias = k.keystoreAlias();
        if (!OutboundAuth.present(alias)) {
            alias = Collections.list(store.aliases()).stream().filter(a -> isKeyEntry(store, a)).findFirst()
                    .orElseThrow(() -> new Unusable("the key store holds no key entry"));
        }
        return JWK.load(store, alias, password);
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Sets kid, alg and use; refuses what SMART does not allow. */
    private static JWK finish(JWK key, String configuredKid, String where) {
        try {
            if (key instanceof RSAKey rsa) {
                if (rsa.size() < 2048) {
                    throw new IllegalStateException(where + ": an RSA key needs at least 2048 bits, this one has " + rsa.size());
                }
                RSAKey.Builder b = new RSAKey.Builder(rsa).algorithm(JWSAlgorithm.RS384).keyUse(KeyUse.SIGNATURE);
                return b.keyID(kid(configuredKid, rsa)).build();
            }
            if (key instanceof ECKey ec) {
                if (!Curve.P_384.equals(ec.getCurve())) {
                    throw new IllegalStateException(where + ": an EC key must be on P-384 (ES384), this one is on " + ec.getCurve());
                }
                ECKey.Builder b = new ECKey.Builder(ec).algorithm(JWSAlgorithm.ES384).keyUse(KeyUse.SIGNATURE);
                return b.keyID(kid(configuredKid, ec)).build();
            }
        } catch (JOSEException e) {
            throw new IllegalStateException(where + ": cannot compute the key's thumbprint");
        }
        throw new IllegalStateException(where + ": only RSA and EC (P-384) keys can sign client assertions");
    }

    private static String kid(String configured, JWK key) throws JOSEException {
        if (OutboundAuth.present(configured)) {
            return configured.trim();
        }
        return key.getKeyID() != null ? key.getKeyID() : key.computeThumbprint().toString();
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A key file that was read but cannot serve; its message names the problem, never the content. */
    private static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }
}
