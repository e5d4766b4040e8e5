package org.imsfhir.routes.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.junit.jupiter.api.Test;

/** Large inbox files read as a stream of chunks: sizes, CSV sessions kept whole, file line numbers kept. */
class InboxChunksTest {

    @Test
    void ndjsonIsCutEveryNRecordsAndBlankLinesKeepTheFileLineNumbers() throws IOException {
        String file = "\uFEFF{\"r\":1}\n\n{\"r\":2}\n{\"r\":3}\n   \n{\"r\":4}\n{\"r\":5}\n";

        List<InboxChunks.Chunk> chunks = all(file, PayloadFormat.NDJSON, 2);

        assertThat(chunks).extracting(InboxChunks.Chunk::text)
                .containsExactly("{\"r\":1}\n\n{\"r\":2}\n", "{\"r\":3}\n\n{\"r\":4}\n", "{\"r\":5}\n");
        assertThat(chunks).extracting(InboxChunks.Chunk::recordsBefore).containsExactly(0, 2, 4);
        assertThat(chunks.get(0).fileLine(3)).isEqualTo(3); // {"r":2}
        assertThat(chunks.get(1).fileLine(1)).isEqualTo(4); // {"r":3}
        assertThat(chunks.get(1).fileLine(3)).isEqualTo(6); // {"r":4}
        assertThat(chunks.get(2).fileLine(1)).isEqualTo(7); // {"r":5}
    }

    @Test
    void csvChunksCountRowsRepeatTheHeaderAndNeverSplitTheRowsOfOneSession() throws IOException {
        String file = "record_version,source_system,session_id,muscle\n"
                + "1,sys,S-1,a\n1,sys,S-1,b\n1,sys,S-1,c\n"
                + "\n"
                + "1,sys,S-2,a\n"
                + "1,\"sys\",S-3,a\n1,sys,S-3,b\n";

        List<InboxChunks.Chunk> chunks = all(file, PayloadFormat.CSV, 2);

        String header = "record_version,source_system,session_id,muscle\n";
        // Cut every 2 rows, but only between sessions: S-1's three rows stay together.
        assertThat(chunks).extracting(InboxChunks.Chunk::text).containsExactly(
                header + "1,sys,S-1,a\n1,sys,S-1,b\n1,sys,S-1,c\n",
                header + "1,sys,S-2,a\n1,\"sys\",S-3,a\n1,sys,S-3,b\n");
        assertThat(chunks).extracting(InboxChunks.Chunk::recordsBefore).containsExactly(0, 1);
        assertThat(chunks.get(0).fileLine(4)).isEqualTo(4);
        assertThat(chunks.get(1).fileLine(1)).as("the repeated header").isEqualTo(1);
        assertThat(chunks.get(1).fileLine(2)).as("S-2, after the blank line").isEqualTo(6);
        assertThat(chunks.get(1).fileLine(4)).isEqualTo(8);
    }

    @Test
    void anEmptyFileHasNoChunks() throws IOException {
        assertThat(all("\n\n", PayloadFormat.NDJSON, 10)).isEmpty();
        assertThat(all("", PayloadFormat.CSV, 10)).isEmpty();
        assertThat(all("record_version,source_system,session_id\n", PayloadFormat.CSV, 10)).isEmpty();
    }

    private static List<InboxChunks.Chunk> all(String file, PayloadFormat format, int perChunk) throws IOException {
        InboxChunks chunks = new InboxChunks(new BufferedReader(new StringReader(file)), format, perChunk);
        List<InboxChunks.Chunk> list = new ArrayList<>();
        for (InboxChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
            list.add(c);
        }
        return list;
    }
}
