package org.imsfhir.testauth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;

/**
 * A stand-in OAuth2 authorization server for tests (Spring Authorization Server): clients registered from a
 * file, the client_credentials grant, RS256-signed JWT access tokens, a JWKS, RFC 8414 metadata, and a
 * loopback-only admin endpoint to disable and enable clients. See README.md for the arguments.
 *
 * <p>There are no users, so Boot's generated in-memory user (and its logged password) is switched off.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class TestAuthServerApplication {

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(TestAuthServerApplication.class);
    app.addListeners(new FreePortResolver());
    app.run(args);
  }
}
