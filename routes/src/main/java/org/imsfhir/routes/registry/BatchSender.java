package org.imsfhir.routes.registry;

import java.nio.file.Path;
import org.imsfhir.routes.delivery.SendResult;

/**
 * Delivers one staged batch folder (NDJSON files + manifest) whole. Same contract as the EHR
 * {@link org.imsfhir.routes.delivery.DestinationSender}: answers with a verdict, never throws for
 * receiver or I/O trouble, and delivering the same batch again is harmless.
 */
public interface BatchSender {
    SendResult send(String batchId, Path staged);
}
