package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.support.Browser;
import org.imsfhir.routes.support.Operator;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The operator console in real headless Chromium (docs/console.md): log in; the dashboard's numbers
 * equal the API's; a REJECTED record's field error shown next to its field, corrected, resubmitted
 * and DELIVERED as a new version; a DEAD delivery replayed; a reader cannot replay; users without
 * the phi scope never see the patient's name or birth date. Screenshots of every page go to
 * target/console-screenshots/.
 */
class ConsoleIT extends ServiceIT {

    /** A console user of the test: password, its hash for the configuration, scopes. */
    record User(String password, String hash, String scopes) {
        static User of(String scopes) {
            String password = "pw-" + java.util.UUID.randomUUID();
            return new User(password, PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password), scopes);
        }
    }

    static final Map<String, User> USERS = Map.of(
            "console-reader", User.of("read"),
            "console-operator", User.of("read,operate"));

    private static final String CLINIC = "https://console-it.example/pms";
    private static final String FAMILY = "Zqxconsolefamily";
    private static final String GIVEN = "Zqxconsolegiven";
    private static final String BIRTH_DATE = "1931-05-06";
    private static final List<String> SENTINELS = List.of(FAMILY, GIVEN, BIRTH_DATE);

    @Autowired
    StatusQueries store;

    private final TestRecords records = new TestRecords(CLINIC);
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeEach
    void quietProxy() {
        PROXY.passThrough();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
        browsers.clear();
    }

    @Test
    void anOperatorLogsInComparesTheDashboardFixesARejectedRecordAndReplaysADeadDelivery() throws Exception {
        String rejected = post(sentinel(1, "middle"), 422);
        String dead = deadDelivery(2);

        Browser browser = logIn("operator", Files.readString(Operator.CREDENTIAL_FILE).trim());
        assertThat(browser.text("#user-name")).isEqualTo("operator");

        // The dashboard shows the API's delivery counts (read both until no delivery moved in between).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            browser.open("/console");
            Map<String, Long> shown = dashboardCounts(browser);
            JsonNode api = http.get("/ims/deliveries/summary").json();
            Map<String, Long> expected = new LinkedHashMap<>();
            api.fields().forEachRemaining(d -> {
                for (DeliveryStatus s : DeliveryStatus.values()) {
                    expected.put(d.getKey() + "-" + s, d.getValue().path(s.name()).asLong(0));
                }
            });
            assertThat(shown).isEqualTo(expected);
            assertThat(Long.parseLong(browser.text("#dead-total"))).isEqualTo(expected.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("-DEAD")).mapToLong(Map.Entry::getValue).sum());
        });
        browser.screenshot("dashboard");

        // Find the REJECTED record through the sessions filter.
        browser.open("/console/sessions");
        new org.openqa.selenium.support.ui.Select(browser.find("#filter-status")).selectByValue("REJECTED");
        browser.find("#filter-clinic").sendKeys(CLINIC);
        browser.find("#filter-apply").click();
        browser.awaitUrl("status=REJECTED"); // the filtered page, not the one the click left
        browser.screenshot("sessions");
        browser.driver().findElement(By.linkText(rejected)).click();
        assertThat(browser.text("#status")).isEqualTo("REJECTED");

        // The error is in the row of the field it names; correct it and resubmit.
        WebElement row = browser.find("tr[data-path='treatedSites[0].side']");
        assertThat(row.findElement(By.cssSelector(".field-error")).getText()).isNotBlank();
        assertThat(browser.find("tr[data-path='treatedSites[1].side']").findElements(By.cssSelector(".field-error"))).isEmpty();
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'})", row);
        browser.screenshot("session-rejected");
        WebElement input = row.findElement(By.cssSelector("input.field-input"));
        assertThat(input.getAttribute("value")).isEqualTo("middle");
        input.clear();
        input.sendKeys("left");
        browser.find("#resubmit").click();

        // A new version of the same session: VALID, then DELIVERED; the original is unchanged.
        assertThat(browser.text("#notice")).contains("VALID");
        String corrected = browser.text("#message-id");
        assertThat(corrected).isNotEqualTo(rejected);
        assertThat(browser.text("#session-key")).isEqualTo(CLINIC + "|S-console-1");
        assertThat(browser.find(".edited-from").getText()).isEqualTo(rejected);
        assertThat(browser.find("table.diff").getText()).contains("treatedSites[0].side", "middle", "left");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            browser.open("/console/sessions/" + corrected);
            assertThat(browser.text("#deliveries .delivery-status")).isEqualTo("DELIVERED");
        });
        browser.screenshot("session-delivered");
        JsonNode original = http.get("/ims/sessions/" + rejected).json();
        assertThat(original.path("status").asText()).isEqualTo("REJECTED");
        assertThat(store.message(rejected).orElseThrow().rawPayload()).contains("\"middle\"");
        JsonNode edited = http.get("/ims/sessions/" + corrected).json();
        assertThat(edited.path("audit").toString()).contains("EDITED", "operator", "treatedSites[0].side");

        // Replay the DEAD delivery, now that the receiver takes it.
        browser.open("/console/dead-letters");
        browser.screenshot("dead-letters");
        browser.find("tr[data-delivery='" + dead + "'] button.replay-one").click();
        assertThat(browser.text("#notice")).contains("REPLAYED 1");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(apiStatusOf(dead)).isEqualTo("DELIVERED"));
        assertThat(http.get("/ims/sessions/" + store.delivery(dead).orElseThrow().messagePublicId()).body())
                .contains("\"actor\" : \"operator\"");

        browser.open("/console/registry");
        browser.screenshot("registry");
    }

    @Test
    void aReaderCannotReplayAndUsersWithoutPhiSeeNoPatientData() throws Exception {
        String rejected = post(sentinel(11, "middle"), 422);
        String valid = post(sentinel(12, "left"), 200);
        String dead = deadDelivery(13);

        Browser reader = logIn("console-reader", USERS.get("console-reader").password());
        reader.open("/console/dead-letters");
        assertThat(reader.find("tr[data-delivery='" + dead + "']").findElements(By.tagName("button"))).isEmpty();
        assertThat(reader.driver().findElements(By.id("replay-selected"))).isEmpty();
        // Even a hand-made POST with a valid CSRF token is refused.
        String csrf = reader.find("form[action$='/console/logout'] input[name='_csrf']").getAttribute("value");
        Object status = ((JavascriptExecutor) reader.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/console/dead-letters/replay', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: '_csrf=' + encodeURIComponent(arguments[0]) + '&delivery=' + encodeURIComponent(arguments[1])})
                  .then(r => done(r.status)).catch(e => done(String(e)));""", csrf, dead);
        assertThat(status).isEqualTo(403L);
        assertThat(http.get("/ims/deliveries?destination=ehr&status=DEAD").body()).contains(dead);
        reader.open("/console/sessions/" + rejected);
        assertThat(reader.driver().findElements(By.id("resubmit"))).isEmpty();
        assertThat(reader.driver().findElements(By.cssSelector("input.field-input"))).isEmpty();

        // No page shows the patient's name or birth date to a user without phi, reader or operator.
        for (String user : List.of("console-reader", "console-operator")) {
            Browser b = user.equals("console-reader") ? reader : logIn(user, USERS.get(user).password());
            for (String page : List.of("/console", "/console/sessions", "/console/sessions?clinic=" + CLINIC,
                    "/console/sessions/" + rejected, "/console/sessions/" + valid, "/console/dead-letters",
                    "/console/registry")) {
                b.open(page);
                String html = b.source();
                assertThat(html).as("%s on %s", user, page).contains("IMS FHIR adapter");
                SENTINELS.forEach(s -> assertThat(html).as("%s on %s", user, page).doesNotContain(s));
            }
            b.screenshot("no-phi-" + user);
        }
        // The same record shows them to the operator with phi: the scan can find them.
        Browser full = logIn("operator", Files.readString(Operator.CREDENTIAL_FILE).trim());
        full.open("/console/sessions/" + rejected);
        assertThat(full.source()).contains(FAMILY, GIVEN, BIRTH_DATE);

        // Replay selected: tick the dead delivery, replay; the receiver takes it now.
        full.open("/console/dead-letters");
        full.find("tr[data-delivery='" + dead + "'] input.select").click();
        full.find("#replay-selected").click();
        assertThat(full.text("#notice")).contains("REPLAYED 1");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(apiStatusOf(dead)).isEqualTo("DELIVERED"));
    }

    @Test
    void withoutLoginThereIsOnlyTheLoginPageAndPagesCarryAStrictContentSecurityPolicy() {
        org.imsfhir.routes.support.Http anonymous = new org.imsfhir.routes.support.Http("http://localhost:" + port);
        org.imsfhir.routes.support.Http.Answer page = anonymous.get("/console/sessions");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/console/login");
        org.imsfhir.routes.support.Http.Answer login = anonymous.get("/console/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(login.body()).contains("name=\"_csrf\"");
        // A login POST without the CSRF token is refused.
        assertThat(anonymous.post("/console/login", "application/x-www-form-urlencoded",
                "username=operator&password=x").status()).isEqualTo(403);
    }

    private Browser logIn(String user, String password) {
        Browser b = new Browser("http://localhost:" + port);
        browsers.add(b);
        b.logIn(user, password);
        assertThat(b.driver().getCurrentUrl()).doesNotContain("error");
        return b;
    }

    /** A delivery's status as the API's session view shows it (the delivery lists are capped at 1,000). */
    private String apiStatusOf(String deliveryId) {
        String message = store.delivery(deliveryId).orElseThrow().messagePublicId();
        for (JsonNode d : http.get("/ims/sessions/" + message).json().path("deliveries")) {
            if (deliveryId.equals(d.path("id").asText())) {
                return d.path("status").asText();
            }
        }
        return "missing";
    }

    private static Map<String, Long> dashboardCounts(Browser browser) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (WebElement a : browser.driver().findElements(By.cssSelector("#deliveries a[id^='count-']"))) {
            counts.put(a.getAttribute("id").substring("count-".length()), Long.parseLong(a.getText()));
        }
        return counts;
    }

    /** A record of this test's clinic whose delivery the receiver refuses for good: its delivery's public id. */
    private String deadDelivery(int session) {
        PROXY.badRequest();
        try {
            String message = post(sentinel(session, "left"), 200);
            long id = store.message(message).orElseThrow().id();
            await().atMost(Duration.ofMinutes(1)).until(() -> store.deliveriesOf(id).stream()
                    .anyMatch(d -> d.status() == DeliveryStatus.DEAD));
            return store.deliveriesOf(id).get(0).publicId();
        } finally {
            PROXY.passThrough();
        }
    }

    private ObjectNode sentinel(int session, String side) {
        ObjectNode record = records.session(session, session);
        record.put("sessionId", "S-console-" + session);
        ObjectNode patient = (ObjectNode) record.get("patient");
        patient.put("family", FAMILY);
        patient.putArray("given").add(GIVEN);
        patient.put("birthDate", BIRTH_DATE);
        ((ObjectNode) record.get("treatedSites").get(0)).put("side", side);
        return record;
    }

    private String post(ObjectNode record, int expectedStatus) {
        var answer = http.post("/ims/sessions", "application/json", record.toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(expectedStatus);
        return answer.json().at("/records/0/id").asText();
    }
}
