package org.imsfhir.testauth;

import com.nimbusds.jose.jwk.RSAKey;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Component;

/**
 * Prints one machine-readable line once the server answers, for a launcher that waits on the console:
 * {@code IMS-TEST-AUTH-SERVER-READY port=NNNNN issuer=http://127.0.0.1:NNNNN kid=...}.
 */
@Component
class ReadinessAnnouncer implements ApplicationListener<ApplicationReadyEvent> {

  static final String READY_PREFIX = "IMS-TEST-AUTH-SERVER-READY port=";

  private final AuthorizationServerSettings settings;
  private final RSAKey signingKey;

  ReadinessAnnouncer(AuthorizationServerSettings settings, RSAKey signingKey) {
    this.settings = settings;
    this.signingKey = signingKey;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
      System.out.println(READY_PREFIX + web.getWebServer().getPort() + " issuer=" + settings.getIssuer()
          + " kid=" + signingKey.getKeyID());
      System.out.flush();
    }
  }
}
