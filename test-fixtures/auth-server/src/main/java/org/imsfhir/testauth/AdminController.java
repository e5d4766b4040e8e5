package org.imsfhir.testauth;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test switches (loopback only, see {@link SecurityConfig}): list the clients, disable one (its token
 * requests then fail with {@code invalid_client}), enable it again (which also makes the server fetch a
 * private_key_jwt client's JWKS afresh). Tokens issued before stay valid until they expire.
 */
@RestController
@RequestMapping("/test-admin/clients")
class AdminController {

  private final TestClientRepository clients;

  AdminController(TestClientRepository clients) {
    this.clients = clients;
  }

  /** Client id to enabled. */
  @GetMapping
  Map<String, Boolean> list() {
    return clients.states();
  }

  @PostMapping("/{clientId}/disable")
  ResponseEntity<Void> disable(@PathVariable String clientId) {
    return clients.disable(clientId) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
  }

  @PostMapping("/{clientId}/enable")
  ResponseEntity<Void> enable(@PathVariable String clientId) {
    return clients.enable(clientId) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
  }
}
