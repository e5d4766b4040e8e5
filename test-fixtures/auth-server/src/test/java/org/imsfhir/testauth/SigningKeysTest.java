package org.imsfhir.testauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @TempDir
  Path dir;

  @Test
  void aPemKeyLoadsWithItsThumbprintAsKidEveryTime() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");

    RSAKey once = SigningKeys.load(pem);
    RSAKey again = SigningKeys.load(pem);

    assertThat(once.isPrivate()).isTrue();
    assertThat(once.toRSAPublicKey()).isEqualTo(pair.getPublic());
    assertThat(once.getKeyID()).isEqualTo(once.computeThumbprint().toString()).isEqualTo(again.getKeyID());
    assertThat(SigningKeys.generate().getKeyID()).isNotEqualTo(once.getKeyID());
  }

  @Test
  void aJwkFileKeepsItsKid() throws Exception {
    RSAKey generated = new RSAKey.Builder(SigningKeys.generate()).keyID("fixed-kid").build();
    Path jwk = Files.writeString(dir.resolve("key.jwk"), generated.toJSONString());

    assertThat(SigningKeys.load(jwk).getKeyID()).isEqualTo("fixed-kid");
    assertThat(SigningKeys.load(jwk).getModulus()).isEqualTo(generated.getModulus());
  }

  @Test
  void aPkcs1PemIsRefusedWithTheConversionCommand() throws Exception {
    Path pkcs1 = Files.writeString(dir.resolve("old.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

    assertThatThrownBy(() -> SigningKeys.load(pkcs1)).hasMessageContaining("openssl pkcs8 -topk8");
  }
}
