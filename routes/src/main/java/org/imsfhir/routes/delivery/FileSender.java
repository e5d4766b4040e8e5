package org.imsfhir.routes.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.imsfhir.routes.store.DeliveryTask;

/**
 * Writes each bundle as a JSON file into a folder: the visible default destination when no EHR is
 * configured. File names carry the session id (not patient data) and the message id; rewriting
 * the same message gives the same file (idempotent). Written to a temporary name, then moved.
 */
public class FileSender implements DestinationSender {

    private final Path dir;

    public FileSender(Path dir) {
        this.dir = dir;
    }

    @Override
    public SendResult send(DeliveryTask task) {
        String sessionId = task.sessionKey().substring(task.sessionKey().lastIndexOf('|') + 1);
        String name = "session-" + sessionId.replaceAll("[^A-Za-z0-9._-]", "_") + "-m" + task.messageId() + ".json";
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".writing-", ".tmp");
            Files.writeString(tmp, task.bundle(), StandardCharsets.UTF_8);
            Path target = dir.resolve(name);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return SendResult.delivered(null, "file:" + target.getFileName());
        } catch (IOException e) {
            return SendResult.retry(null, null, "cannot write to the output folder: " + e.getClass().getSimpleName(), null);
        }
    }
}
