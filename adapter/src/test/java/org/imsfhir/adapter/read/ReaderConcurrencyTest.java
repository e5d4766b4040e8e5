package org.imsfhir.adapter.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.imsfhir.adapter.samples.SampleRecords;
import org.junit.jupiter.api.Test;

/** One reader shared by threads gives the same results as one thread. */
class ReaderConcurrencyTest {

    @Test
    void sharedReaderIsThreadSafe() throws Exception {
        ImsRecordReader reader = ImsRecordReader.standard();
        List<String> texts = SampleRecords.validJsonResources().stream().map(SampleRecords::text).toList();
        List<RecordResult> expected = texts.stream().map(reader::readRecord).toList();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<RecordResult>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    List<RecordResult> last = null;
                    for (int round = 0; round < 20; round++) {
                        last = texts.stream().map(reader::readRecord).toList();
                    }
                    return last;
                }));
            }
            for (Future<List<RecordResult>> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
