package org.imsfhir.routes.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imsfhir.routes.config.ImsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The registry pseudonym key rules ({@link RegistryKeys}) on their own, then with the real
 * {@code application.yaml}: only the key check's configuration is started
 * ({@link RegistryConfiguration.PseudonymKeys}, no database, web server or Camel), with the secrets
 * folder pointed at a temporary one. Shows the default (feed off, no key), the {@code demo} profile
 * (dev key, one WARN line), a key file in the secrets folder, and the refusals at start with a
 * message that names the property and never shows the key.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegistryKeysTest {

    private static final String FEED = "national-ims";
    private static final String PROPERTY = "ims.registry.feeds.national-ims.secret";
    /** 40 bytes, made up for this test. */
    private static final String KEY = "registry-keys-test-key-not-real-40-bytes";
    private static final String DEMO_KEY = "dev-only-public-demo-key-not-a-secret";

    @TempDir
    Path secrets;

    // --- the rules -----------------------------------------------------------------------------

    private static RegistryProperties feeds(Map<String, String> secretsById, boolean enabled) {
        Map<String, RegistryProperties.Feed> feeds = new LinkedHashMap<>();
        secretsById.forEach((id, secret) -> feeds.put(id, new RegistryProperties.Feed(enabled, "0 0 2 * * *",
                Path.of("out", id), null, null, secret, Duration.ofSeconds(5), Duration.ofSeconds(60),
                new ImsProperties.Retry(12, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), Duration.ofHours(1)))));
        return new RegistryProperties(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofSeconds(30), feeds);
    }

    private static RegistryProperties feed(String secret) {
        Map<String, String> one = new LinkedHashMap<>();
        one.put(FEED, secret);
        return feeds(one, true);
    }

    @Test
    void aGoodKeyIsTheFeedsKey() {
        RegistryKeys keys = RegistryKeys.check(feed(KEY), false);

        assertThat(keys.of(FEED)).isEqualTo(KEY);
        assertThat(keys.devKeyFeeds()).isEmpty();
        assertThat(keys.toString()).doesNotContain(KEY);
    }

    @Test
    void anEnabledFeedWithoutAKeyIsRefusedNamingThePropertyAndHowToGiveIt() {
        for (String missing : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> RegistryKeys.check(feed(missing), true))
                    .isInstanceOf(RegistryKeys.RegistryKeyException.class)
                    .hasMessageContaining("no pseudonym key")
                    .hasMessageContaining(PROPERTY)
                    .hasMessageContaining("IMS_SECRETS_DIR")
                    .hasMessageContaining("IMS_REGISTRY_SECRET");
        }
    }

    @Test
    void theDevKeyIsRefusedOutsideDemoModeAndAcceptedInIt() {
        assertThatThrownBy(() -> RegistryKeys.check(feed(DEMO_KEY), false))
                .isInstanceOf(RegistryKeys.RegistryKeyException.class)
                .hasMessageContaining("public dev pseudonym key")
                .hasMessageContaining(PROPERTY)
                .hasMessageNotContaining(DEMO_KEY);

        RegistryKeys demo = RegistryKeys.check(feed(DEMO_KEY), true);
        assertThat(demo.of(FEED)).isEqualTo(DEMO_KEY);
        assertThat(demo.devKeyFeeds()).containsExactly(FEED);
    }

    @Test
    void aKeyShorterThan32BytesIsRefusedAlsoInDemoModeCountingUtf8Bytes() {
        String short31 = "k".repeat(31);
        for (boolean demoMode : new boolean[] {false, true}) {
            assertThatThrownBy(() -> RegistryKeys.check(feed(short31), demoMode))
                    .isInstanceOf(RegistryKeys.RegistryKeyException.class)
                    .hasMessageContaining("shorter than 32 bytes")
                    .hasMessageContaining(PROPERTY)
                    .hasMessageNotContaining(short31);
        }
        assertThat(RegistryKeys.check(feed("k".repeat(32)), false).of(FEED)).hasSize(32);
        // 16 characters of 2 bytes each: 32 bytes, the HMAC's key length.
        assertThat(RegistryKeys.check(feed("é".repeat(16)), false).of(FEED)).hasSize(16);
        assertThatThrownBy(() -> RegistryKeys.check(feed("é".repeat(15) + "k"), false))
                .isInstanceOf(RegistryKeys.RegistryKeyException.class);
    }

    @Test
    void disabledFeedsNeedNoKey() {
        Map<String, String> none = new LinkedHashMap<>();
        none.put(FEED, null);
        none.put("other", "short");
        RegistryKeys keys = RegistryKeys.check(feeds(none, false), false);

        assertThat(keys.feeds()).isEmpty();
        assertThatThrownBy(() -> keys.of(FEED)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- with application.yaml, the secrets folder and the demo profile -----------------------

    /** Starts only the key check with the real application.yaml and the temporary secrets folder. */
    private ConfigurableApplicationContext start(String... arguments) {
        List<String> args = new ArrayList<>(List.of("--ims.secrets-dir=" + secrets));
        args.addAll(List.of(arguments));
        return new SpringApplicationBuilder(RegistryConfiguration.PseudonymKeys.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(args.toArray(String[]::new));
    }

    private void secretFile(String property, String content) throws IOException {
        Files.writeString(secrets.resolve(property), content, StandardCharsets.UTF_8);
    }

    @Test
    void byDefaultTheFeedIsOffAndNeedsNoKey() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(ImsProperties.class).demoMode()).isFalse();
            RegistryProperties.Feed feed = context.getBean(RegistryProperties.class).feeds().get(FEED);
            assertThat(feed.enabled()).isFalse();
            assertThat(feed.secret()).as("no default key outside demo mode").isNullOrEmpty();
            assertThat(context.getBean(RegistryKeys.class).feeds()).isEmpty();
        }
    }

    @Test
    void aKeyFileInTheSecretsFolderBecomesTheFeedsKey() throws IOException {
        secretFile(PROPERTY, KEY + "\n"); // as "echo KEY > file" writes it

        // The file also wins over the yaml's ${IMS_REGISTRY_SECRET} (as README-service.md, "Secrets", says).
        try (ConfigurableApplicationContext context = start("--ims.registry.feeds.national-ims.enabled=true",
                "--IMS_REGISTRY_SECRET=registry-keys-test-variable-key-not-the-file-one")) {
            assertThat(context.getBean(RegistryProperties.class).feeds().get(FEED).secret()).isEqualTo(KEY);
            assertThat(context.getBean(RegistryKeys.class).of(FEED)).isEqualTo(KEY);
        }
    }

    @Test
    void everySecretCanComeFromAFileAlsoWithTheDatabaseProfile() throws IOException {
        secretFile("spring.datasource.password", "db-password-from-a-file\n");
        secretFile("ims.delivery.destinations.ehr.auth-header", "Bearer ehr-token-from-a-file\n");
        secretFile("ims.registry.feeds.national-ims.auth-header", "Bearer registry-token-from-a-file\n");

        // postgres sets its own datasource defaults in a later document of application.yaml: the file still wins.
        try (ConfigurableApplicationContext context = start("--spring.profiles.active=postgres")) {
            assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isEqualTo("db-password-from-a-file");
            assertThat(context.getEnvironment().getProperty("spring.datasource.username")).isEqualTo("postgres");
            assertThat(context.getBean(ImsProperties.class).delivery().destinations().get("ehr").authHeader())
                    .isEqualTo("Bearer ehr-token-from-a-file");
            assertThat(context.getBean(RegistryProperties.class).feeds().get(FEED).authHeader())
                    .isEqualTo("Bearer registry-token-from-a-file");
        }
    }

    @Test
    void aKeyFileWinsOverTheDemoProfilesDevKey() throws IOException {
        secretFile(PROPERTY, KEY + "\n");

        try (ConfigurableApplicationContext context = start("--spring.profiles.active=demo")) {
            RegistryKeys keys = context.getBean(RegistryKeys.class);
            assertThat(keys.of(FEED)).isEqualTo(KEY);
            assertThat(keys.devKeyFeeds()).isEmpty();
        }
    }

    @Test
    void aShortKeyFromAFileStopsTheStartWithAClearMessageThatDoesNotShowIt(CapturedOutput output) throws IOException {
        String shortKey = "short-key-from-a-file-29bytes";
        secretFile(PROPERTY, shortKey + "\n");

        assertThatThrownBy(() -> start("--ims.registry.feeds.national-ims.enabled=true").close())
                .rootCause()
                .isInstanceOf(RegistryKeys.RegistryKeyException.class)
                .hasMessageContaining("shorter than 32 bytes")
                .hasMessageContaining(PROPERTY)
                .hasMessageNotContaining(shortKey);
        // The failure analyzer's report instead of a stack trace: what is wrong, and what to do.
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START", PROPERTY + ") is shorter than 32 bytes", "Action:", "IMS_SECRETS_DIR")
                .doesNotContain(shortKey);
    }

    @Test
    void anEnabledFeedWithoutAKeyStopsTheStart(CapturedOutput output) {
        assertThatThrownBy(() -> start("--ims.registry.feeds.national-ims.enabled=true").close())
                .rootCause()
                .isInstanceOf(RegistryKeys.RegistryKeyException.class)
                .hasMessageContaining("no pseudonym key");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "has no pseudonym key (property " + PROPERTY + ")");
    }

    @Test
    void theDevKeyWithoutTheDemoProfileStopsTheStart(CapturedOutput output) {
        assertThatThrownBy(() -> start("--ims.registry.feeds.national-ims.enabled=true",
                "--ims.registry.feeds.national-ims.secret=" + DEMO_KEY).close())
                .rootCause()
                .isInstanceOf(RegistryKeys.RegistryKeyException.class)
                .hasMessageContaining("accepted only in demo mode");
        assertThat(output.getAll()).doesNotContain(DEMO_KEY);
    }

    @Test
    void theDemoProfileTurnsTheFeedOnWithTheDevKeyAndSaysSoInOneWarnLine(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("--spring.profiles.active=demo")) {
            assertThat(context.getBean(ImsProperties.class).demoMode()).isTrue();
            RegistryKeys keys = context.getBean(RegistryKeys.class);
            assertThat(keys.of(FEED)).startsWith(RegistryProperties.DEV_SECRET_PREFIX);
            assertThat(keys.devKeyFeeds()).containsExactly(FEED);
        }
        List<String> demoLines = output.getAll().lines().filter(l -> l.contains("Demo mode is on")).toList();
        assertThat(demoLines).singleElement().satisfies(line -> assertThat(line)
                .contains("WARN", "public dev pseudonym key", "not for real patient data")
                .doesNotContain(RegistryProperties.DEV_SECRET_PREFIX));
    }
}
