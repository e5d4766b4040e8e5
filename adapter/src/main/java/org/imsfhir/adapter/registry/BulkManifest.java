package org.imsfhir.adapter.registry;

import java.time.Instant;
import java.util.List;

/** What {@link BulkBatchWriter} wrote: the batch id, the manifest fields and one output per resource type. */
public record BulkManifest(String batchId, Instant transactionTime, String request, List<Output> output) {
    public BulkManifest {
        output = List.copyOf(output);
    }

    /** One NDJSON file: resource type, its url in the manifest, number of resources (lines). */
    public record Output(String type, String url, int count) {
    }

    public int resourceCount() {
        return output.stream().mapToInt(Output::count).sum();
    }
}
