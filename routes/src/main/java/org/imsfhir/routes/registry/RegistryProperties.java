package org.imsfhir.routes.registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.outbound.OutboundAuth;
import org.imsfhir.routes.outbound.OutboundTls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code ims.registry:} in {@code application.yaml}: the registry feeds, each a
 * scheduled (and on-demand) batch of pseudonymised sessions in the FHIR Bulk Data layout.
 */
@ConfigurationProperties("ims.registry")
public record RegistryProperties(
        @DefaultValue("30s") Duration retryPoll,
        /* Longest a feed's run may hold its database lock if its node dies mid-run. */
        @DefaultValue("10m") Duration lockAtMost,
        /* A scheduled run keeps the feed's schedule lock at least this long: one node per period. */
        @DefaultValue("30s") Duration scheduleHold,
        Map<String, Feed> feeds) {

    public RegistryProperties {
        feeds = feeds == null ? Map.of() : Map.copyOf(feeds);
    }

    /** Starts the public dev key of the {@code demo} profile; refused outside demo mode ({@link RegistryKeys}). */
    public static final String DEV_SECRET_PREFIX = "dev-only-";

    /** One registry. */
    public record Feed(
            @DefaultValue("true") boolean enabled,
            /* Spring cron (6 fields: second minute hour day month weekday), in the server's time zone. */
            @DefaultValue("0 0 2 * * *") String cron,
            /* Folder output: each delivered batch appears as <dir>/<batchId>/; staging in <dir>/.staging. */
            @DefaultValue("./out/registry") Path dir,
            /* HTTP push instead of the folder: PUT <pushUrl>/<batchId>/<file>, the manifest last. */
            URI pushUrl,
            String authHeader,
            /* HMAC key of the pseudonyms (at least 32 bytes, checked by RegistryKeys). From a secret file or the environment, never from git. */
            String secret,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration readTimeout,
            @DefaultValue ImsProperties.Retry retry,
            /* HTTP push: how the adapter authenticates to the registry, and its TLS (docs/security-out.md). */
            @DefaultValue OutboundAuth auth,
            @DefaultValue OutboundTls tls,
            /* Most VALID records one batch takes: a run's work (and its lock) stays bounded; a backlog is cut into several batches in a row. */
            @DefaultValue("1000") int maxRecordsPerBatch) {

        public static final int DEFAULT_MAX_RECORDS_PER_BATCH = 1000;

        @ConstructorBinding
        public Feed {
            auth = auth == null ? OutboundAuth.NONE : auth;
            tls = tls == null ? OutboundTls.DEFAULT : tls;
            if (maxRecordsPerBatch < 1) {
                throw new IllegalArgumentException("max-records-per-batch must be at least 1, not " + maxRecordsPerBatch);
            }
        }

        /** Without auth and tls blocks. */
        public Feed(boolean enabled, String cron, Path dir, URI pushUrl, String authHeader, String secret,
                    Duration connectTimeout, Duration readTimeout, ImsProperties.Retry retry) {
            this(enabled, cron, dir, pushUrl, authHeader, secret, connectTimeout, readTimeout, retry, null, null,
                    DEFAULT_MAX_RECORDS_PER_BATCH);
        }

        public boolean push() {
            return pushUrl != null && !pushUrl.toString().isBlank();
        }

        /** Where batches are written before delivery (same file system as {@code dir}: rename is atomic). */
        public Path stagingDir() {
            return dir.resolve(".staging");
        }
    }
}
