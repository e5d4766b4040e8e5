package org.imsfhir.routes.config;

import org.imsfhir.adapter.read.ReaderLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.imsfhir.routes.outbound.OutboundAuth;
import org.imsfhir.routes.outbound.OutboundTls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code ims:} in {@code application.yaml}: intake limits, the inbox folder, the
 * outbox poller, the delivery destinations and the demo mode. Each option is explained in that file.
 *
 * @param demoMode on only with the Spring profile {@code demo} (the README quick start): public dev
 *                 keys (the registry pseudonym key) are accepted, and the start says so in a WARN line
 */
@ConfigurationProperties("ims")
public record ImsProperties(@DefaultValue Intake intake, @DefaultValue Validation validation, @DefaultValue Delivery delivery,
                            @DefaultValue("false") boolean demoMode) {

    /** The bean's name, as {@code @EnableConfigurationProperties} gives it ("prefix-class"), for depends-on. */
    public static final String BEAN_NAME = "ims-org.imsfhir.routes.config.ImsProperties";

    /**
     * Profile validation of each record's Bundle.
     *
     * @param warmUp          warm the validator after start-up, in the background (readiness does not wait)
     * @param validator       {@code compiled} (the compiled IMS validator answers valid Bundles, the HL7
     *                        validator words errors and takes what it does not cover) or {@code hl7} (the
     *                        HL7 validator answers every Bundle: the reference, about ten times slower)
     * @param referenceSample share (0..1) of the Bundles the compiled validator passed that the HL7
     *                        validator checks again in the background
     */
    public record Validation(@DefaultValue("true") boolean warmUp, @DefaultValue("compiled") Validator validator,
                             @DefaultValue("0.01") double referenceSample) {

        public Validation {
            if (referenceSample < 0 || referenceSample > 1) {
                throw new IllegalArgumentException("ims.validation.reference-sample must be between 0 and 1");
            }
        }
    }

    /** Which validator judges the Bundles first. */
    public enum Validator { COMPILED, HL7 }

    /**
     * Intake over REST and from the inbox folder, and the limits that keep a hostile or simply too
     * eager sender from exhausting the service: the size of one body, the bytes of all bodies held
     * at once, and the records waiting to be judged. Beyond the last two the API answers 503 with
     * {@code Retry-After} (the payload is not stored) and the inbox waits.
     */
    public record Intake(
            @DefaultValue("5MB") DataSize maxBodySize,
            @DefaultValue("16MB") DataSize maxBufferedBytes,
            @DefaultValue("0") int judgeThreads,
            @DefaultValue("2000") int maxQueuedRecords,
            @DefaultValue("5s") Duration retryAfter,
            @DefaultValue Reader reader,
            @DefaultValue Inbox inbox) {

        public Intake {
            if (maxQueuedRecords < 1) {
                throw new IllegalArgumentException("ims.intake.max-queued-records must be at least 1");
            }
            if (maxBufferedBytes.toBytes() < 1024) {
                throw new IllegalArgumentException("ims.intake.max-buffered-bytes must be at least 1KB");
            }
        }

        /** The threads that judge records: as configured, or one per CPU when 0. */
        public int effectiveJudgeThreads() {
            return judgeThreads > 0 ? judgeThreads : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * What one payload may hold before it is refused as a whole (the adapter's {@link ReaderLimits});
     * field bounds are in the record schema.
     */
    public record Reader(
            @DefaultValue("1000") int maxRecords,
            @DefaultValue("32") int maxNestingDepth,
            @DefaultValue("1000000") int maxStringLength,
            @DefaultValue("100") int maxNumberLength,
            @DefaultValue("1000") int maxCsvRows,
            @DefaultValue("200") int maxCsvColumns,
            @DefaultValue("10000") int maxCsvFieldLength) {

        public ReaderLimits limits() {
            return new ReaderLimits(maxRecords, maxNestingDepth, maxStringLength, maxNumberLength, maxCsvRows, maxCsvColumns,
                    maxCsvFieldLength);
        }
    }

    /**
     * The watched folder. JSON files are read whole (up to {@code maxFileSize}); NDJSON and CSV files
     * are read as a stream, {@code recordsPerIntake} records at a time (up to {@code maxStreamedFileSize}).
     */
    public record Inbox(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("./inbox") Path dir,
            @DefaultValue("1s") Duration pollDelay,
            @DefaultValue("16MB") DataSize maxFileSize,
            @DefaultValue("1GB") DataSize maxStreamedFileSize,
            @DefaultValue("500") int recordsPerIntake) {
    }

    /**
     * The outbox poller and the destinations it delivers to.
     *
     * @param nodeId this instance's id among those sharing the database; empty: generated per process
     *               ({@link NodeIdentity})
     * @param lease  how long a claimed delivery or a held intake stays with a node, and how long a node
     *               counts as live after its last heartbeat
     */
    public record Delivery(
            @DefaultValue("true") boolean enabled,
            String nodeId,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("8") int batchSize,
            @DefaultValue("2") int concurrency,
            @DefaultValue("5m") Duration lease,
            Map<String, Destination> destinations) {

        public Delivery {
            destinations = destinations == null ? Map.of() : Map.copyOf(destinations);
        }
    }

    /** Where a destination sends its bundles. */
    public enum Kind {
        /** POST the transaction Bundle to a FHIR server's base URL. */
        FHIR,
        /** Write each bundle as a JSON file into a folder (the default when no EHR base URL is set). */
        FILE,
        /** Accept and drop (benchmarks: measures the pipeline without a receiver). */
        NOOP
    }

    /**
     * One delivery destination (an EHR).
     *
     * @param authHeader the older way to send a static Authorization header (same as {@code auth.type: header})
     * @param auth       how the adapter authenticates to the receiver (docs/security-out.md)
     * @param tls        the receiver's TLS: SSL bundle (client certificate, trust store), plain http allowed or not
     */
    public record Destination(
            Kind kind,
            String baseUrl,
            String authHeader,
            @DefaultValue("./out/ehr") Path dir,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration readTimeout,
            @DefaultValue Retry retry,
            @DefaultValue OutboundAuth auth,
            @DefaultValue OutboundTls tls) {

        @ConstructorBinding
        public Destination {
            auth = auth == null ? OutboundAuth.NONE : auth;
            tls = tls == null ? OutboundTls.DEFAULT : tls;
        }

        /** Without auth and tls blocks (no authentication but the static header; https rules as default). */
        public Destination(Kind kind, String baseUrl, String authHeader, Path dir, Duration connectTimeout,
                           Duration readTimeout, Retry retry) {
            this(kind, baseUrl, authHeader, dir, connectTimeout, readTimeout, retry, null, null);
        }

        /** The kind given, else FHIR when a base URL is set, else FILE. */
        public Kind effectiveKind() {
            if (kind != null) {
                return kind;
            }
            return baseUrl == null || baseUrl.isBlank() ? Kind.FILE : Kind.FHIR;
        }
    }

    /** Exponential backoff for retryable failures (5xx, 429, 408, network errors). */
    public record Retry(
            @DefaultValue("12") int maxAttempts,
            @DefaultValue("1s") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("5m") Duration maxDelay,
            @DefaultValue("1h") Duration maxRetryAfter) {

        /** The wait after the given number of failed attempts (1 = after the first failure). */
        public Duration backoff(int failedAttempts) {
            double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
            return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
        }
    }
}
