package org.imsfhir.testauth;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The registered clients, in memory, with a switch per client: a disabled client is unknown to the
 * server (token requests get {@code 401 invalid_client}) until it is enabled again.
 */
final class TestClientRepository implements RegisteredClientRepository {

  private final Map<String, RegisteredClient> byClientId = new ConcurrentHashMap<>();
  private final Set<String> disabled = ConcurrentHashMap.newKeySet();

  TestClientRepository(List<RegisteredClient> clients) {
    clients.forEach(this::save);
  }

  @Override
  public void save(RegisteredClient client) {
    byClientId.put(client.getClientId(), client);
  }

  @Override
  public RegisteredClient findById(String id) {
    return byClientId.values().stream()
        .filter(client -> client.getId().equals(id) && !disabled.contains(client.getClientId()))
        .findFirst().orElse(null);
  }

  @Override
  public RegisteredClient findByClientId(String clientId) {
    return disabled.contains(clientId) ? null : byClientId.get(clientId);
  }

  /** False if there is no such client. */
  boolean disable(String clientId) {
    if (!byClientId.containsKey(clientId)) {
      return false;
    }
    disabled.add(clientId);
    return true;
  }

  /**
   * False if there is no such client. The client comes back under a new internal id, which makes the
   * server forget the decoder it cached for the client's JWKS: the next private_key_jwt request fetches
   * the client's keys again (so a key removed from or added to that JWKS counts at once).
   */
  boolean enable(String clientId) {
    RegisteredClient client = byClientId.computeIfPresent(clientId,
        (id, old) -> RegisteredClient.from(old).id(UUID.randomUUID().toString()).build());
    if (client == null) {
      return false;
    }
    disabled.remove(clientId);
    return true;
  }

  /** Client id to enabled, sorted by id. */
  Map<String, Boolean> states() {
    Map<String, Boolean> states = new TreeMap<>();
    byClientId.keySet().forEach(id -> states.put(id, !disabled.contains(id)));
    return states;
  }
}
