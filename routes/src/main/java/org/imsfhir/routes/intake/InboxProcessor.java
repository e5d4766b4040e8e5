package org.imsfhir.routes.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.imsfhir.routes.api.JsonViews;
import org.imsfhir.routes.pipeline.PayloadFormat;
import org.imsfhir.routes.store.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file from the inbox folder: stored and judged like a REST payload. When any record failed,
 * a report {@code NAME.errors.json} (per failed record: index, line, session key, OperationOutcome)
 * is written into {@code done/}, beside the file the consumer moves there. File names are not
 * logged (an operator may have named a file after a patient); intake ids are.
 */
public class InboxProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);

    private final IntakeService intake;
    private final Path inboxDir;

    public InboxProcessor(IntakeService intake, Path inboxDir) {
        this.intake = intake;
        this.inboxDir = inboxDir;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Optional<PayloadFormat> format = PayloadFormat.ofFileName(name);
        if (format.isEmpty()) {
            return; // the consumer's include pattern keeps these out
        }
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        IntakeResult result = intake.receive(Channel.INBOX, name, format.get(), format.get().mediaType(), text,
                org.imsfhir.routes.security.Caller.INBOX);
        if (result.rejected() > 0) {
            Path done = inboxDir.resolve("done");
            Files.createDirectories(done);
            var report = JsonViews.intake(result, true);
            report.put("file", name);
            Path tmp = Files.createTempFile(done, ".report-", ".tmp");
            Files.writeString(tmp, JsonViews.write(report), StandardCharsets.UTF_8);
            Files.move(tmp, done.resolve(name + ".errors.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("Inbox intake {}: {} of {} record(s) rejected; report written beside the file in done/",
                    result.intakeId(), result.rejected(), result.records().size());
        }
    }
}
