package org.imsfhir.testauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.Base64;

/**
 * The RSA key that signs access tokens: new per start, or read from a file so that two servers can sign
 * with the same key. The key id is the key's RFC 7638 thumbprint (unless a JWK file names one), so it is
 * the same for the same key in every process.
 */
final class SigningKeys {

  private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PKCS8_END = "-----END PRIVATE KEY-----";

  private SigningKeys() {
  }

  static RSAKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      return withThumbprintKid(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not generate an RSA key", e);
    }
  }

  /** A PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), a private RSA JWK, or a JWK set whose first key is one. */
  static RSAKey load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the signing key file " + file, e);
    }
    try {
      return text.startsWith("{") ? fromJwk(text, file) : fromPem(text, file);
    } catch (ParseException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("Could not read an RSA private key from " + file + ": " + e.getMessage(), e);
    }
  }

  private static RSAKey fromJwk(String json, Path file) throws ParseException {
    JWK jwk = json.contains("\"keys\"") ? JWKSet.parse(json).getKeys().get(0) : JWK.parse(json);
    if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate()) {
      throw new IllegalArgumentException("the first key in " + file + " is not a private RSA key");
    }
    RSAKey.Builder builder = new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256);
    return rsa.getKeyID() != null ? builder.build() : withThumbprintKid(builder);
  }

  private static RSAKey fromPem(String pem, Path file) throws GeneralSecurityException {
    int begin = pem.indexOf(PKCS8_BEGIN);
    int end = pem.indexOf(PKCS8_END);
    if (begin < 0 || end < begin) {
      // PKCS#1 ("BEGIN RSA PRIVATE KEY") needs an ASN.1 parser the JDK does not offer.
      throw new IllegalArgumentException("expected a PKCS#8 PEM (BEGIN PRIVATE KEY); convert a PKCS#1 key with "
          + "openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName());
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end));
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
    RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
        new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
    return withThumbprintKid(new RSAKey.Builder(publicKey).privateKey(privateKey));
  }

  private static RSAKey withThumbprintKid(RSAKey.Builder builder) {
    try {
      return builder.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint().build();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not compute the key thumbprint", e);
    }
  }
}
