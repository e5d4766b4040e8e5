package org.imsfhir.routes.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.imsfhir.routes.delivery.SendResult;

/**
 * Delivers a batch by renaming its staging folder to {@code <dir>/<batchId>} in one atomic move,
 * so a reader of {@code dir} sees a batch whole or not at all. If the target is already there, an
 * earlier attempt got as far as the rename before the process stopped: delivered (the content is
 * the same staged folder).
 */
public final class FolderBatchSender implements BatchSender {
    private final Path dir;

    public FolderBatchSender(Path dir) {
        this.dir = dir;
    }

    @Override
    public SendResult send(String batchId, Path staged) {
        Path target = dir.resolve(batchId);
        try {
            if (Files.isDirectory(target) && Files.exists(target.resolve(org.imsfhir.adapter.registry.BulkBatchWriter.MANIFEST))) {
                return SendResult.delivered(null, "already at " + target.getFileName());
            }
            Files.createDirectories(dir);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return SendResult.delivered(null, "moved to " + target.getFileName());
        } catch (IOException e) {
            return SendResult.retry(null, null, "folder delivery failed: " + e.getClass().getSimpleName(), null);
        }
    }
}
