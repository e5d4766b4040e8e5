package org.imsfhir.routes.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.logs.RecordMdc;
import org.imsfhir.routes.api.JsonViews;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.routes.pipeline.PayloadFormat;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.store.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file from the inbox folder: stored and judged like a REST payload. When any record failed,
 * a report {@code NAME.errors.json} (per failed record: index, line, session key, OperationOutcome)
 * is written into {@code done/}, beside the file the consumer moves there. A file larger than the
 * inbox limit is not read: it goes to {@code failed/} with a report naming the limit. Large files
 * wait for room in the payload budget and the judging queue rather than being refused. File names
 * are not logged (an operator may have named a file after a patient); intake ids are.
 */
public class InboxProcessor implements Processor {

    /** Where the consumer moves the file when done (a header its {@code move} option reads). */
    public static final String TARGET_HEADER = "ImsInboxTarget";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);

    private final IntakeService intake;
    private final Path inboxDir;
    private final long maxFileSize;
    private final PayloadBudget budget;

    public InboxProcessor(IntakeService intake, Path inboxDir) {
        this(intake, inboxDir, Long.MAX_VALUE, new PayloadBudget(Long.MAX_VALUE / 2));
    }

    public InboxProcessor(IntakeService intake, Path inboxDir, long maxFileSize, PayloadBudget budget) {
        this.intake = intake;
        this.inboxDir = inboxDir;
        this.maxFileSize = maxFileSize;
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
        long size = size(exchange);
        if (size > maxFileSize) {
            refuseTooLarge(exchange, name, size);
            return;
        }
        try (PayloadBudget.Reservation bytes = budget.reserve(size)) {
            byte[] raw = exchange.getIn().getBody(byte[].class);
            String text = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
            raw = null; // one copy at a time
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
            IntakeResult result = intake.receive(Channel.INBOX, name, format.get(), format.get().mediaType(), text,
                    Caller.INBOX);
            if (result.rejected() > 0) {
                ObjectNode report = JsonViews.intake(result, true);
                report.put("file", name);
                writeReport(DONE, name, report);
                try (RecordMdc mdc = RecordMdc.intake(result.intakeId())) {
                    LOG.warn("Inbox intake {}: {} of {} record(s) rejected; report written beside the file in done/",
                            result.intakeId(), result.rejected(), result.records().size());
                }
            }
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

    private void refuseTooLarge(Exchange exchange, String name, long size) throws IOException {
        ObjectNode report = JsonViews.object();
        report.put("file", name);
        report.put("size", size);
        report.put("limit", maxFileSize);
        report.set("outcome", JsonViews.outcome(Outcomes.error(IssueType.TOOLONG, "The file is " + size
                + " bytes, larger than the inbox limit of " + maxFileSize + " bytes (ims.intake.inbox.max-file-size);"
                + " it was not read. Split it into smaller files and put them into the inbox.")));
        writeReport(FAILED, name, report);
        exchange.getIn().setHeader(TARGET_HEADER, FAILED);
        LOG.warn("Inbox file of {} bytes is over the limit of {} bytes: not read, moved to failed/ with a report", size,
                maxFileSize);
    }

    private void writeReport(String folder, String name, ObjectNode report) throws IOException {
        Path dir = inboxDir.resolve(folder);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".report-", ".tmp");
        Files.writeString(tmp, JsonViews.write(report), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name + ".errors.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
