package org.imsfhir.routes.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code ims.retention:} in {@code application.yaml}: how long each class of patient
 * data is kept once its record is final, and how often the purge runs. A period of {@code 0} keeps
 * that class forever (a forgotten unit must never mean "purge at once"); a negative one is refused
 * at start-up.
 */
@ConfigurationProperties("ims.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue("30d") Duration rawPayloads,
        @DefaultValue("30d") Duration bundles,
        @DefaultValue("30d") Duration receiverAnswers,
        @DefaultValue("7d") Duration inboxFiles,
        @DefaultValue("7d") Duration fileOutput,
        @DefaultValue("1d") Duration registryStaging,
        @DefaultValue("500") int batchSize) {

    public RetentionProperties {
        if (purgeInterval == null || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("ims.retention.purge-interval must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("ims.retention.batch-size must be at least 1");
        }
        requireNotNegative("raw-payloads", rawPayloads);
        requireNotNegative("bundles", bundles);
        requireNotNegative("receiver-answers", receiverAnswers);
        requireNotNegative("inbox-files", inboxFiles);
        requireNotNegative("file-output", fileOutput);
        requireNotNegative("registry-staging", registryStaging);
    }

    /** Defaults everywhere: what {@code application.yaml} documents. */
    public static RetentionProperties defaults() {
        return new RetentionProperties(true, Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(30),
                Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(1), 500);
    }

    /** Whether a period means "keep forever" (absent from a hand-built instance, or 0). */
    public static boolean keepsForever(Duration period) {
        return period == null || period.isZero();
    }

    private static void requireNotNegative(String key, Duration period) {
        if (period != null && period.isNegative()) {
            throw new IllegalArgumentException("ims.retention." + key + " must not be negative (0 keeps forever)");
        }
    }
}
