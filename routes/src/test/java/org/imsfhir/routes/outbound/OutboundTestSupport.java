package org.imsfhir.routes.outbound;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.core.io.FileSystemResource;
import org.springframework.util.unit.DataSize;

/** Builds receiver clients, auth blocks and adapter keys for the outbound unit tests. */
final class OutboundTestSupport {

    private OutboundTestSupport() {
    }

    static OutboundAuth header(String value) {
        return auth(OutboundAuth.Type.HEADER, value, null, null, null, OutboundAuth.ClientAuthMethod.BASIC, null);
    }

    static OutboundAuth clientCredentials(URI tokenEndpoint, String clientId, String secret, OutboundAuth.ClientAuthMethod method,
                                          String scope) {
        return auth(OutboundAuth.Type.CLIENT_CREDENTIALS, null, tokenEndpoint, clientId, secret, method, scope);
    }

    static OutboundAuth smartBackend(URI tokenEndpoint, String clientId, String scope) {
        return auth(OutboundAuth.Type.SMART_BACKEND, null, tokenEndpoint, clientId, null, OutboundAuth.ClientAuthMethod.BASIC, scope);
    }

    private static OutboundAuth auth(OutboundAuth.Type type, String header, URI tokenEndpoint, String clientId, String secret,
                                     OutboundAuth.ClientAuthMethod method, String scope) {
        return new OutboundAuth(type, header, tokenEndpoint, clientId, secret, null, method, scope, null, null,
                Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    static ReceiverClients receivers(Clock clock, AdapterKeys keys, DataSize maxResponse) {
        return new ReceiverClients(new OutboundProperties(maxResponse, null, null), keys, new DefaultSslBundleRegistry(),
                FhirContext.forR4Cached(), clock, null);
    }

    static ReceiverClient client(ReceiverClients receivers, URI base, OutboundAuth auth) {
        return receivers.create(new ReceiverClients.Spec("test", "ims.delivery.destinations.test", "base-url", base, auth, null,
                null, Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    /** Adapter keys from JWK files written into {@code dir}: one RSA 2048 and one EC P-384 key, in this order. */
    static AdapterKeys keys(Path dir, String rsaKid, String ecKid) {
        try {
            JWK rsa = new RSAKeyGenerator(2048).keyID(rsaKid).generate();
            JWK ec = new ECKeyGenerator(Curve.P_384).keyID(ecKid).generate();
            Path rsaFile = Files.writeString(dir.resolve(rsaKid + ".jwk"), rsa.toJSONString());
            Path ecFile = Files.writeString(dir.resolve(ecKid + ".jwk"), ec.toJSONString());
            return new AdapterKeys(new OutboundProperties(null, null, List.of(
                    new OutboundProperties.Key(null, new FileSystemResource(rsaFile), null, null, null, null, null, null),
                    new OutboundProperties.Key(null, new FileSystemResource(ecFile), null, null, null, null, null, null))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
