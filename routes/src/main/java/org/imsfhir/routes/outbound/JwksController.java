package org.imsfhir.routes.outbound;

import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /.well-known/jwks.json}: the adapter's public keys, the URL a hospital registers for
 * the adapter (SMART Backend Services). Public halves only; answered without credentials.
 */
@RestController
@Profile("!cli")
public class JwksController {

    public static final String PATH = "/.well-known/jwks.json";

    private final AdapterKeys keys;

    public JwksController(AdapterKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> jwks() {
        // Short caching: authorization servers re-read it after a rotation within minutes.
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
                .body(keys.publicKeys().toJSONObject(true));
    }
}
