package org.imsfhir.routes.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.RestRegistry;
import org.imsfhir.routes.audit.AccessAuditStore;
import org.imsfhir.routes.it.ServiceIT;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Deny by default, proven on what the running application really serves: every request mapping in
 * Spring's handler mappings (Spring MVC, Camel's platform-http REST routes, actuator) is called
 * without credentials and must answer 401 with an OperationOutcome, except the two health probes and
 * the adapter's public keys; the console's pages (browser login) redirect to its login form instead,
 * and its POSTs without a CSRF token are refused (403).
 * A new endpoint is in these registries the moment it exists, so it cannot ship unprotected.
 */
class EndpointSecurityIT extends ServiceIT {

    private static final Set<String> PUBLIC = Set.of("GET /actuator/health/liveness", "GET /actuator/health/readiness",
            "GET /.well-known/jwks.json", "GET /console/login");

    @Autowired
    ApplicationContext context;
    @Autowired
    CamelContext camel;
    @Autowired
    DataSource dataSource;
    @Autowired
    AccessAuditStore audit;

    @Test
    void everyEndpointTheApplicationExposesRefusesAnUnauthenticatedCaller() {
        Set<String> endpoints = exposedEndpoints();
        // The enumeration must see Camel's REST routes and the actuator, or it proves nothing.
        for (RestRegistry.RestService rest : camel.getRestRegistry().listAllRestServices()) {
            String path = rest.getUrl().replaceFirst("^[a-z]+://[^/]+", ""); // e.g. http://0.0.0.0/ims/sessions/{id}
            assertThat(endpoints).as("Camel REST route %s %s among the enumerated endpoints", rest.getMethod(), path)
                    .contains(rest.getMethod().toUpperCase() + " " + path);
        }
        assertThat(endpoints).contains("GET /actuator/metrics", "GET /actuator/prometheus", "POST /ims/sessions", "GET /ims/audit", "GET /.well-known/jwks.json");
        assertThat(endpoints.size()).isGreaterThan(15);

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        long intakes = count(jdbc, "ims_intake");
        long messages = count(jdbc, "ims_message");
        Http anonymous = new Http("http://localhost:" + port);
        List<String> unprotected = new ArrayList<>();
        for (String endpoint : endpoints) {
            if (PUBLIC.contains(endpoint)) {
                continue;
            }
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x").replace("**", "x");
            Http.Answer answer = "POST".equals(method)
                    ? anonymous.post(path, "application/json", TestRecords.json(new TestRecords("https://endpoint-it.example").session(1, 1)))
                    : anonymous.send(method, path);
            if (path.startsWith("/console")) {
                // The console's browser login: pages redirect to the login form, a POST without a
                // session's CSRF token is refused before anything runs.
                boolean refused = "GET".equals(method)
                        ? answer.status() == 302 && String.valueOf(answer.header("Location")).endsWith("/console/login")
                        : answer.status() == 403;
                if (!refused) {
                    unprotected.add(endpoint + " -> " + answer.status());
                }
            } else if (answer.status() != 401 || !answer.body().contains("\"resourceType\":\"OperationOutcome\"")) {
                unprotected.add(endpoint + " -> " + answer.status());
            }
        }
        assertThat(unprotected).as("endpoints answering without credentials").isEmpty();
        assertThat(count(jdbc, "ims_intake")).as("no refused request stored anything").isEqualTo(intakes);
        assertThat(count(jdbc, "ims_message")).isEqualTo(messages);
        assertThat(audit.count("anonymous", "POST /ims/sessions")).as("refusals are audited").isPositive();
    }

    @Test
    void theHealthProbesAnswerWithoutCredentialsAndWithoutDetails() {
        Http anonymous = new Http("http://localhost:" + port);
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            Http.Answer answer = anonymous.get(probe);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("status").asText()).isEqualTo("UP");
            assertThat(answer.json().has("components")).isFalse();
            assertThat(answer.json().has("details")).isFalse();
        }
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(401);
    }

    @Test
    void theAdaptersPublicKeysAnswerWithoutCredentialsAndHoldNoPrivatePart() {
        Http.Answer answer = new Http("http://localhost:" + port).get("/.well-known/jwks.json");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json().get("keys").isArray()).isTrue(); // none configured in this test: an empty set
        assertThat(new Http("http://localhost:" + port).send("POST", "/.well-known/jwks.json").status()).isEqualTo(401);
    }

    /** "METHOD /path" of every mapping of every Spring MVC handler mapping (a mapping without methods: GET and POST). */
    private Set<String> exposedEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                Set<String> names = new TreeSet<>();
                if (methods.isEmpty()) {
                    names.addAll(List.of("GET", "POST"));
                } else {
                    methods.forEach(m -> names.add(m.name()));
                }
                for (String pattern : info.getPatternValues()) {
                    names.forEach(m -> endpoints.add(m + " " + pattern));
                }
            }
        }
        return endpoints;
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
