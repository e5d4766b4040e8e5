package org.imsfhir.testauth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The users of the clients file, for the authorization code grant: a login form checks their
 * password, their ID tokens carry their claims ({@link IdTokenClaims}). None: no login at all.
 */
final class TestUsers implements UserDetailsService {

  private final Map<String, ClientsFile.UserSpec> byName;

  TestUsers(List<ClientsFile.UserSpec> users) {
    this.byName = users.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(ClientsFile.UserSpec::username, u -> u));
  }

  boolean any() {
    return !byName.isEmpty();
  }

  Optional<ClientsFile.UserSpec> find(String username) {
    return Optional.ofNullable(byName.get(username));
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    ClientsFile.UserSpec user = byName.get(username);
    if (user == null) {
      throw new UsernameNotFoundException("unknown user");
    }
    // {noop}: fake test passwords, stored as given.
    return User.withUsername(user.username()).password("{noop}" + user.password()).roles("USER").build();
  }
}
