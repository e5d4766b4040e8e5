package org.imsfhir.routes.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Posts records as NDJSON batches, from several client threads at once, as a busy clinic system would. */
public final class Batches {

    private Batches() {
    }

    public static <T> List<List<T>> split(List<T> records, int batchSize) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < records.size(); i += batchSize) {
            batches.add(records.subList(i, Math.min(records.size(), i + batchSize)));
        }
        return batches;
    }

    /** Posts every batch and returns the number of records the service accepted; any non-200 answer fails. */
    public static int post(Http http, List<ObjectNode> records, int batchSize, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (List<ObjectNode> batch : split(records, batchSize)) {
                answers.add(pool.submit(() -> {
                    Http.Answer answer = http.post("/ims/sessions", "application/x-ndjson", TestRecords.ndjson(batch));
                    if (answer.status() != 200) {
                        throw new IllegalStateException("POST /ims/sessions answered " + answer.status() + ": " + answer.body());
                    }
                    return answer.json().get("accepted").asInt();
                }));
            }
            int accepted = 0;
            for (Future<Integer> answer : answers) {
                accepted += answer.get();
            }
            return accepted;
        } finally {
            pool.shutdownNow();
        }
    }
}
