package org.imsfhir.routes.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class CallerResolverTest {

    private static final String A = "https://clinic-a.example/pms";
    private static final String B = "https://clinic-b.example/pms";

    private final SecurityProperties properties = new SecurityProperties(
            new SecurityProperties.OAuth2("http://issuer", "http://issuer/jwks", List.of("ims-fhir-adapter"), Duration.ZERO, "sub"),
            new SecurityProperties.LocalOperator(true, "operator", Path.of("unused")),
            Map.of("clinic-a", new SecurityProperties.Client(Set.of(A), Set.of(), null, null),
                    "everywhere", new SecurityProperties.Client(Set.of("*"), Set.of(Scope.READ), null, null)));
    private final CallerResolver resolver = new CallerResolver(properties);

    private static JwtAuthenticationToken token(String sub, String... scopes) {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject(sub).issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60)).build();
        return new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList(
                java.util.Arrays.stream(scopes).map(s -> "SCOPE_" + s).toArray(String[]::new)));
    }

    @Test
    void aTokenClientGetsItsTokensScopesAndItsConfiguredClinics() {
        Caller caller = resolver.of(token("clinic-a", "submit", "read", "unrelated"));

        assertThat(caller.id()).isEqualTo("clinic-a");
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.SUBMIT, Scope.READ);
        assertThat(caller.mayAccessSession(A + "|S-1")).isTrue();
        assertThat(caller.mayAccessSession(B + "|S-1")).isFalse();
        assertThat(caller.mayAccessSession(null)).isFalse();
        assertThat(caller.mayAccessSession("no-bar")).isFalse();
    }

    @Test
    void anUnregisteredClientMayAccessNoClinicAndAStarClientEvery() {
        assertThat(resolver.of(token("stranger", "submit")).mayAccessClinic(A)).isFalse();
        assertThat(resolver.of(token("everywhere", "read")).mayAccessSession(B + "|x")).isTrue();
    }

    @Test
    void theLocalOperatorHasEveryScopeAndClinicAndAnonymousIsNobody() {
        Caller operator = resolver.of(new UsernamePasswordAuthenticationToken("operator", null,
                AuthorityUtils.createAuthorityList("SCOPE_read")));
        assertThat(operator.scopes()).containsExactlyInAnyOrder(Scope.values());
        assertThat(operator.allClinics()).isTrue();
        assertThat(resolver.of(new AnonymousAuthenticationToken("k", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")))).isNull();
        assertThat(resolver.of(null)).isNull();
    }

    @Test
    void storedActorsAreResolvedAgainForRecovery() {
        assertThat(resolver.ofActor("inbox")).isEqualTo(Caller.INBOX);
        assertThat(resolver.ofActor("clinic-a").mayAccessClinic(A)).isTrue();
        assertThat(resolver.ofActor("clinic-a").mayAccessClinic(B)).isFalse();
        assertThat(resolver.ofActor("removed-client").mayAccessClinic(A)).isFalse();
        assertThat(resolver.ofActor("operator").allClinics()).isTrue();
    }
}
