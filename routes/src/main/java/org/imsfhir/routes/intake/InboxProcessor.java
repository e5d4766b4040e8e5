package org.imsfhir.routes.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.api.ApiJson;
import org.imsfhir.routes.api.JsonViews;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.store.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file from the inbox folder: stored and judged like a REST payload. A JSON file is read whole;
 * NDJSON and CSV files are read as a stream, {@code records-per-intake} records at a time, each chunk
 * an intake of its own, so a file of a million records never sits in memory. When any record failed,
 * a report {@code NAME.errors.json} (per failed record: index and line in the file, session key,
 * OperationOutcome) is written into {@code done/}, beside the file the consumer moves there. A file
 * larger than its limit is not read: it goes to {@code failed/} with a report naming the limit.
 * Chunks wait for room in the payload budget and the judging queue rather than being refused. File
 * names are not logged (an operator may have named a file after a patient); intake ids are.
 */
public class InboxProcessor implements Processor {

    /** Where the consumer moves the file when done (a header its {@code move} option reads). */
    public static final String TARGET_HEADER = "ImsInboxTarget";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);

    private final IntakeService intake;
    private final ImsProperties.Inbox config;
    private final PayloadBudget budget;
    private final ApiJson json;

    public InboxProcessor(IntakeService intake, ImsProperties.Inbox config, PayloadBudget budget, ApiJson json) {
        this.json = json;
        this.intake = intake;
        this.config = config;
        this.budget = budget;
    }

    @Override
    public void process(Exchange exchange) throws IOException, InterruptedException {
        exchange.getIn().setHeader(TARGET_HEADER, DONE);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Optional<PayloadFormat> format = PayloadFormat.ofFileName(name);
        if (format.isEmpty()) {
            return; // the consumer's include pattern keeps these out
        }
        boolean streamed = format.get() != PayloadFormat.JSON;
        long limit = (streamed ? config.maxStreamedFileSize() : config.maxFileSize()).toBytes();
        long size = size(exchange);
        if (size > limit) {
            refuseTooLarge(exchange, name, size, limit, streamed ? "max-streamed-file-size" : "max-file-size");
            return;
        }
        FileReport report = streamed ? inChunks(exchange, name, format.get()) : whole(exchange, name, size);
        if (report.rejected > 0) {
            writeReport(DONE, name, report.json);
            LOG.warn("Inbox file of intake(s) {}: {} of {} record(s) rejected; report written beside the file in done/",
                    report.intakeIds(), report.rejected, report.received);
        }
    }

    private FileReport whole(Exchange exchange, String name, long size) throws InterruptedException {
        try (PayloadBudget.Reservation bytes = budget.reserve(size)) {
            byte[] raw = exchange.getIn().getBody(byte[].class);
            String text = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
            raw = null; // one copy at a time
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
            FileReport report = new FileReport(name, json);
            report.add(intake.receive(Channel.INBOX, name, PayloadFormat.JSON, PayloadFormat.JSON.mediaType(), text,
                    Caller.INBOX), null);
            return report;
        }
    }

    private FileReport inChunks(Exchange exchange, String name, PayloadFormat format) throws IOException, InterruptedException {
        FileReport report = new FileReport(name, json);
        try (InputStream in = exchange.getIn().getBody(InputStream.class);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            InboxChunks chunks = new InboxChunks(reader, format, config.recordsPerIntake());
            for (InboxChunks.Chunk chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                try (PayloadBudget.Reservation bytes = budget.reserve(chunk.text().length())) {
                    report.add(intake.receive(Channel.INBOX, name, format, format.mediaType(), chunk.text(), Caller.INBOX),
                            chunk);
                }
            }
        }
        return report;
    }

    /** The failures of a file's intakes, with indexes and lines of the file (not of a chunk). */
    private static final class FileReport {
        final ApiJson writer;
        final ObjectNode json;
        final ArrayNode intakeIds;
        final ArrayNode failures;
        long received;
        long rejected;

        FileReport(String name, ApiJson writer) {
            this.writer = writer;
            this.json = writer.object();
            json.put("file", name);
            intakeIds = json.putArray("intakeIds");
            failures = json.putArray("failures");
        }

        void add(IntakeResult result, InboxChunks.Chunk chunk) {
            intakeIds.add(result.intakeId());
            received += result.records().size();
            rejected += result.rejected();
            json.put("received", received);
            json.put("accepted", received - rejected);
            json.put("rejected", rejected);
            for (JsonNode failure : writer.toTree(JsonViews.intake(result, true, true, writer)).path("failures")) {
                ObjectNode f = (ObjectNode) failure;
                if (chunk != null) {
                    f.put("index", f.path("index").asInt() + chunk.recordsBefore());
                    if (f.has("line")) {
                        f.put("line", chunk.fileLine(f.path("line").asInt()));
                    }
                }
                failures.add(f);
            }
        }

        String intakeIds() {
            return intakeIds.toString();
        }
    }

    /** The file's length from the consumer (no read), else from the file system. */
    private static long size(Exchange exchange) throws IOException {
        Long length = exchange.getIn().getHeader(Exchange.FILE_LENGTH, Long.class);
        if (length != null) {
            return length;
        }
        String path = exchange.getIn().getHeader(Exchange.FILE_PATH, String.class);
        return path == null ? 0 : Files.size(Path.of(path));
    }

    private void refuseTooLarge(Exchange exchange, String name, long size, long limit, String key) throws IOException {
        ObjectNode report = json.object();
        report.put("file", name);
        report.put("size", size);
        report.put("limit", limit);
        report.set("outcome", json.outcome(Outcomes.error(IssueType.TOOLONG, "The file is " + size
                + " bytes, larger than the inbox limit of " + limit + " bytes (ims.intake.inbox." + key + ");"
                + " it was not read. Split it into smaller files and put them into the inbox.")));
        writeReport(FAILED, name, report);
        exchange.getIn().setHeader(TARGET_HEADER, FAILED);
        LOG.warn("Inbox file of {} bytes is over the limit of {} bytes: not read, moved to failed/ with a report", size,
                limit);
    }

    private void writeReport(String folder, String name, ObjectNode report) throws IOException {
        Path dir = config.dir().resolve(folder);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".report-", ".tmp");
        Files.writeString(tmp, json.write(report), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name + ".errors.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
