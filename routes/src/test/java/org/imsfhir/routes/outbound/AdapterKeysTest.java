package org.imsfhir.routes.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import org.imsfhir.fixtures.AuthServer;
import org.imsfhir.fixtures.tls.KeyAlgorithm;
import org.imsfhir.fixtures.tls.PemFiles;
import org.imsfhir.fixtures.tls.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;

/**
 * The adapter's signing keys from every supported source (PEM with or without its certificate, JWK,
 * PKCS12), published without private parts, two at once; and the keys SMART does not allow refused
 * at start-up with a reason that shows no key material.
 */
class AdapterKeysTest {

    private static OutboundProperties.Key pem(String kid, Path key, Path certificate) {
        return new OutboundProperties.Key(kid, null, new FileSystemResource(key),
                certificate == null ? null : new FileSystemResource(certificate), null, null, null, null);
    }

    private static OutboundProperties.Key jwk(Path file) {
        return new OutboundProperties.Key(null, new FileSystemResource(file), null, null, null, null, null, null);
    }

    private static OutboundProperties.Key keystore(String kid, Path file, String password) {
        return new OutboundProperties.Key(kid, null, null, null, new FileSystemResource(file), "PKCS12", password, null);
    }

    private static AdapterKeys keys(String signingKey, OutboundProperties.Key... keys) {
        return new AdapterKeys(new OutboundProperties(null, signingKey, List.of(keys)));
    }

    @Test
    void keysFromPemJwkAndPkcs12ArePublishedWithoutPrivateParts(@TempDir Path dir) throws Exception {
        Path rsaPem = AuthServer.writeNewKey(dir.resolve("rsa.pem"));
        TestPki.Issued ec = TestPki.create(dir, "Adapter keys", KeyAlgorithm.EC_P384).issueClient("CN=ims-adapter", List.of());
        Path ecKeyAndCertificate = Files.writeString(dir.resolve("ec-with-cert.pem"),
                Files.readString(ec.privateKeyPem()) + Files.readString(ec.certificatePem()));
        Path p12 = TestPki.create(dir, "Keystore", KeyAlgorithm.RSA_2048).issueClient("CN=ims-adapter-p12", List.of())
                .pkcs12("changeit".toCharArray());
        JWK ecJwk = new ECKeyGenerator(Curve.P_384).keyID("from-jwk").generate();
        Path jwkFile = Files.writeString(dir.resolve("key.jwk"), ecJwk.toJSONString());

        AdapterKeys keys = keys("ec-cert", pem("rsa-pem", rsaPem, null), pem("ec-cert", ec.privateKeyPem(), ec.certificatePem()),
                pem("ec-one-file", ecKeyAndCertificate, null), keystore("p12", p12, "changeit"), jwk(jwkFile));

        assertThat(keys.kids()).containsExactly("rsa-pem", "ec-cert", "ec-one-file", "p12", "from-jwk");
        String published = keys.publicKeys().toString(false);
        assertThat(published).doesNotContain("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"");
        assertThat(keys.publicKeys().getKeys()).allSatisfy(k -> {
            assertThat(k.isPrivate()).isFalse();
            assertThat(k.getKeyUse().identifier()).isEqualTo("sig");
        });
        assertThat(keys.publicKeys().getKeyByKeyId("rsa-pem").getAlgorithm().getName()).isEqualTo("RS384");
        assertThat(keys.publicKeys().getKeyByKeyId("ec-cert").getAlgorithm().getName()).isEqualTo("ES384");
        assertThat(keys.signingKey(null, "x").getKeyID()).as("ims.outbound.signing-key").isEqualTo("ec-cert");
        assertThat(keys.signingKey("p12", "x").getKeyID()).isEqualTo("p12");
        assertThat(keys.signingKey("p12", "x").isPrivate()).isTrue();
    }

    @Test
    void aKeyWithoutKidIsNamedByItsThumbprintAndTheFirstKeySignsByDefault(@TempDir Path dir) {
        AdapterKeys keys = keys(null, pem(null, AuthServer.writeNewKey(dir.resolve("a.pem")), null),
                pem(null, AuthServer.writeNewKey(dir.resolve("b.pem")), null));
        assertThat(keys.kids()).hasSize(2).allSatisfy(kid -> assertThat(kid).hasSize(43));
        assertThat(keys.signingKey(null, "x").getKeyID()).isEqualTo(keys.kids().get(0));
    }

    @Test
    void keysSmartDoesNotAllowStopTheStartWithoutShowingKeyMaterial(@TempDir Path dir) throws Exception {
        TestPki.Issued p256 = TestPki.create(dir, "P-256 CA").issueClient("CN=p256", List.of());
        assertThatThrownBy(() -> keys(null, pem("p256", p256.privateKeyPem(), p256.certificatePem())))
                .hasMessage("ims.outbound.keys[0]: an EC key must be on P-384 (ES384), this one is on P-256");

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        Path small = PemFiles.writePrivateKey(dir.resolve("small.pem"), rsa.generateKeyPair().getPrivate());
        assertThatThrownBy(() -> keys(null, pem("small", small, null)))
                .hasMessage("ims.outbound.keys[0]: an RSA key needs at least 2048 bits, this one has 1024");

        TestPki.Issued p384 = TestPki.create(dir, "P-384 CA", KeyAlgorithm.EC_P384).issueClient("CN=p384", List.of());
        assertThatThrownBy(() -> keys(null, pem("no-cert", p384.privateKeyPem(), null)))
                .hasMessage("ims.outbound.keys[0]: an EC key needs its certificate (in the same PEM file or in certificate)");

        Path publicOnly = Files.writeString(dir.resolve("public.jwk"),
                new ECKeyGenerator(Curve.P_384).keyID("pub").generate().toPublicJWK().toJSONString());
        assertThatThrownBy(() -> keys(null, jwk(publicOnly))).hasMessageContaining("holds a public key only");

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> keys(null, pem("g", garbage, null)))
                .hasMessageStartingWith("ims.outbound.keys[0]: the key cannot be read").hasMessageNotContaining("not-a-key");

        Path a = AuthServer.writeNewKey(dir.resolve("dup.pem"));
        assertThatThrownBy(() -> keys(null, pem("same", a, null), pem("same", a, null))).hasMessageContaining("kid 'same' is used by another key");
        assertThatThrownBy(() -> keys("elsewhere", pem("here", a, null))).hasMessageStartingWith("ims.outbound.signing-key: no key with kid 'elsewhere'");
        assertThatThrownBy(() -> keys(null, new OutboundProperties.Key("two", new FileSystemResource(a), new FileSystemResource(a),
                null, null, null, null, null))).hasMessageContaining("exactly one of jwk, private-key or keystore");
        assertThatThrownBy(() -> AdapterKeys.none().signingKey(null, "ims.delivery.destinations.ehr.auth"))
                .hasMessage("ims.delivery.destinations.ehr.auth: smart-backend needs a signing key, but ims.outbound.keys is empty");
    }
}
