package org.imsfhir.testauth;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Two filter chains: Spring Authorization Server's endpoints (token, JWKS, metadata, introspection,
 * revocation; with users in the clients file also OpenID Connect login through the authorization
 * endpoint and a login form), and the rest, where {@code /test-admin/**} is allowed from a loopback address only, so
 * starting the server with {@code --server.address=0.0.0.0} does not open the admin switch to the network.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServerChain(HttpSecurity http, TestUsers users) throws Exception {
    OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
    http.securityMatcher(server.getEndpointsMatcher())
        .with(server, s -> {
          s.clientAuthentication(clients -> clients.authenticationConverter(new AssertionClientIdConverter()))
              .tokenEndpoint(token -> token.accessTokenRequestConverter(new DefaultScopesConverter()));
          if (users.any()) {
            s.oidc(Customizer.withDefaults());
          }
        })
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()));
    if (users.any()) {
      // OpenID Connect login: the authorization endpoint sends a browser without a session to the
      // login form, and comes back to the request once the user has logged in.
      http.exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
              new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
    } else {
      http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    }
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain adminChain(HttpSecurity http, TestUsers users) throws Exception {
    http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/test-admin/**").access(fromLoopback())
            // Nothing else is served: unknown paths get 404 (a resource server probing
            // /.well-known/openid-configuration then moves on to the RFC 8414 metadata).
            .anyRequest().permitAll())
        // Plain POSTs from test code; there is no browser session to forge requests with.
        .csrf(csrf -> csrf.disable());
    if (users.any()) {
      // The users' login form (Spring Security's default page at /login).
      http.formLogin(Customizer.withDefaults());
    } else {
      http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    }
    return http.build();
  }

  private static AuthorizationManager<RequestAuthorizationContext> fromLoopback() {
    return (authentication, context) -> new AuthorizationDecision(isLoopback(context.getRequest()));
  }

  private static boolean isLoopback(HttpServletRequest request) {
    try {
      // getRemoteAddr is an IP literal, so this does no name lookup.
      return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
