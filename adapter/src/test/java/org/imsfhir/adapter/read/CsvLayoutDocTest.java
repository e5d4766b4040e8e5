package org.imsfhir.adapter.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The documented layout and the reader agree: every column, its field and whether it is required. */
class CsvLayoutDocTest {

    @Test
    void everyColumnIsDocumentedWithItsFieldAndRequiredMark() throws IOException {
        String doc;
        try (InputStream in = CsvLayoutDocTest.class.getResourceAsStream("/schema/CSV-LAYOUT.md")) {
            doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (CsvLayout.Column c : CsvLayout.columns()) {
            String field = c.site() ? c.field().replace("treatedSites.", "treatedSites[n].") : c.field();
            String row = "| `" + c.name() + "` | " + (c.required() ? "R " : "") + "| `" + field + "` |";
            assertThat(doc).as(c.name()).contains(row);
        }
        long documentedRows = doc.lines().filter(l -> l.matches("\\| `[a-z_]+` \\|.*")).count();
        assertThat(documentedRows).isEqualTo(CsvLayout.columns().size());
    }
}
