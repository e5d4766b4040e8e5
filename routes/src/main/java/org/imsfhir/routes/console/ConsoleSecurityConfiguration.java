package org.imsfhir.routes.console;

import org.imsfhir.routes.audit.AccessAuditFilter;
import org.imsfhir.routes.audit.AccessAuditStore;
import org.imsfhir.routes.security.Scope;
import org.imsfhir.routes.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The console's own filter chain, before the API's: browser login with a form and a session
 * cookie, so here (unlike the stateless API) CSRF tokens are required on every POST; a strict
 * Content-Security-Policy (only the service's own scripts and styles, no inline code, no frames).
 * Readers ({@code read}) see pages; replay and resubmit need {@code operate}.
 */
@Configuration(proxyBeanMethods = false)
@ConsoleEnabled
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleSecurityConfiguration {

    /** Everything the console serves is under this path. */
    public static final String BASE = "/console";

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";

    @Bean
    ConsoleUsers consoleUsers(SecurityProperties security, ConsoleProperties console) {
        return new ConsoleUsers(security, console,
                console.oidc().enabled() ? new ConsoleSingleSignOn(console.oidc()) : null);
    }

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, ConsoleUsers users, AccessAuditStore audit) throws Exception {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users.userDetails(encoder));
        provider.setPasswordEncoder(encoder);
        http.securityMatcher(BASE + "/**")
                // A provider, not a whole manager: single sign-on adds its own providers beside it.
                .authenticationProvider(provider)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, BASE + "/login", BASE + "/assets/**", BASE + "/webjars/**").permitAll()
                        .requestMatchers(HttpMethod.POST, BASE + "/dead-letters/replay", BASE + "/sessions/*/resubmit")
                        .hasAuthority(Scope.OPERATE.authority())
                        .requestMatchers(HttpMethod.GET, BASE, BASE + "/**").hasAuthority(Scope.READ.authority())
                        .anyRequest().denyAll())
                .formLogin(f -> f.loginPage(BASE + "/login").defaultSuccessUrl(BASE, false).permitAll())
                .logout(l -> l.logoutUrl(BASE + "/logout").logoutSuccessUrl(BASE + "/login?logout"))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterAfter(new AccessAuditFilter(audit, ConsoleSecurityConfiguration::actor),
                        SecurityContextHolderFilter.class);
        ConsoleSingleSignOn sso = users.singleSignOn();
        if (sso != null) {
            // Under /console/ too, so these requests stay in this chain.
            http.oauth2Login(o -> o.loginPage(BASE + "/login")
                    .clientRegistrationRepository(sso)
                    .authorizationEndpoint(a -> a.baseUri(BASE + "/oauth2/authorization"))
                    .redirectionEndpoint(r -> r.baseUri(BASE + "/login/oauth2/code/*"))
                    .userInfoEndpoint(u -> u.userAuthoritiesMapper(sso))
                    .failureHandler(sso.failureHandler(BASE + "/login?error"))
                    .defaultSuccessUrl(BASE, false));
        }
        return http.build();
    }

    private static String actor() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || !a.isAuthenticated() || a instanceof AnonymousAuthenticationToken ? "anonymous" : a.getName();
    }
}
