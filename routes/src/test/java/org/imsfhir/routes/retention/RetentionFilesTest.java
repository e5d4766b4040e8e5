package org.imsfhir.routes.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file side of retention on real folders: file times set by hand, a fixed clock. Periods: inbox
 * files and file output 7 days, registry staging 1 day.
 */
class RetentionFilesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final RetentionProperties PERIODS = new RetentionProperties(true, Duration.ofHours(1),
            Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(7),
            Duration.ofDays(1), 500);

    @TempDir
    Path tmp;
    private Path inbox;
    private Path output;
    private Path feed;
    private Path staging;
    private Path outside;

    @BeforeEach
    void folders() throws IOException {
        inbox = Files.createDirectories(tmp.resolve("inbox"));
        Files.createDirectories(inbox.resolve("done"));
        Files.createDirectories(inbox.resolve("failed"));
        output = Files.createDirectories(tmp.resolve("out/ehr"));
        feed = Files.createDirectories(tmp.resolve("out/registry/national"));
        staging = Files.createDirectories(feed.resolve(".staging"));
        // Old files outside every purged folder, that links point at: never touched.
        outside = Files.createDirectories(tmp.resolve("elsewhere"));
        file(outside.resolve("patient-record.json"), Duration.ofDays(400));
        file(outside.resolve("nested/deep.json"), Duration.ofDays(400));
    }

    @Test
    void deletesOldFilesKeepsYoungOnesAndTheFolders() throws IOException {
        Path oldDone = file(inbox.resolve("done/Jane Doe.json"), Duration.ofDays(8));
        Path oldReport = file(inbox.resolve("done/Jane Doe.json.errors.json"), Duration.ofDays(8));
        Path youngDone = file(inbox.resolve("done/young.json"), Duration.ofDays(6));
        Path oldFailed = file(inbox.resolve("failed/broken.csv"), Duration.ofDays(30));
        Path youngFailed = file(inbox.resolve("failed/recent.csv"), Duration.ofHours(1));
        Path waiting = file(inbox.resolve("waiting.json"), Duration.ofDays(30)); // not taken in yet: not ours

        Path oldBundle = file(output.resolve("session-S1-m1.json"), Duration.ofDays(8));
        Path leftover = file(output.resolve(".writing-123.tmp"), Duration.ofDays(8));
        Path youngBundle = file(output.resolve("session-S2-m2.json"), Duration.ofDays(6).plusHours(23));
        Path foreign = file(output.resolve("README.txt"), Duration.ofDays(100)); // not the destination's
        Path nested = file(output.resolve("archive/session-S0-m0.json"), Duration.ofDays(100)); // not written there

        Path oldBatch = staging.resolve("b-old");
        file(oldBatch.resolve("Patient.ndjson"), Duration.ofDays(2));
        file(oldBatch.resolve("manifest.json"), Duration.ofDays(2));
        age(oldBatch, Duration.ofDays(2));
        Path openBatch = staging.resolve("b-open");
        Path openFile = file(openBatch.resolve("Patient.ndjson"), Duration.ofDays(5));
        age(openBatch, Duration.ofDays(5));
        Path youngBatch = staging.resolve("b-young");
        Path youngFile = file(youngBatch.resolve("Patient.ndjson"), Duration.ofHours(2));

        RetentionCounts counts = files().purge(PERIODS, List.of(staging.resolve("../.staging/b-open")));

        assertThat(counts).isEqualTo(new RetentionCounts(0, 0, 0, 0, 3, 2, 2));
        assertThat(oldDone).doesNotExist();
        assertThat(oldReport).doesNotExist();
        assertThat(oldFailed).doesNotExist();
        assertThat(oldBundle).doesNotExist();
        assertThat(leftover).doesNotExist();
        assertThat(oldBatch).doesNotExist(); // emptied, and already older than the period
        assertThat(List.of(youngDone, youngFailed, waiting, youngBundle, foreign, nested, openFile, youngFile))
                .allMatch(Files::exists);
        assertThat(List.of(inbox.resolve("done"), inbox.resolve("failed"), output, staging, youngBatch, openBatch))
                .allMatch(Files::isDirectory);

        // Nothing is left to do a second time.
        assertThat(files().purge(PERIODS, List.of(openBatch))).isEqualTo(RetentionCounts.NONE);
    }

    @Test
    void neverFollowsALinkOutOfAPurgedFolder() throws IOException {
        Path dirLink = Files.createSymbolicLink(inbox.resolve("done/elsewhere"), outside);
        Path fileLink = Files.createSymbolicLink(output.resolve("session-link-m9.json"), outside.resolve("patient-record.json"));
        Path stagedLink = Files.createSymbolicLink(staging.resolve("b-link"), outside);

        RetentionCounts counts = files().purge(PERIODS, List.of());

        assertThat(counts).isEqualTo(RetentionCounts.NONE);
        assertThat(outside.resolve("patient-record.json")).exists();
        assertThat(outside.resolve("nested/deep.json")).exists();
        assertThat(List.of(dirLink, fileLink, stagedLink)).allMatch(Files::isSymbolicLink);
    }

    @Test
    void aFolderTheAdapterMakesThatIsALinkIsNotEnteredAtAll() throws IOException {
        Path inbox2 = Files.createDirectories(tmp.resolve("inbox2"));
        Files.createSymbolicLink(inbox2.resolve("done"), outside);

        RetentionCounts counts = new RetentionFiles(inbox2, List.of(), List.of(), CLOCK).purge(PERIODS, List.of());

        assertThat(counts).isEqualTo(RetentionCounts.NONE);
        assertThat(outside.resolve("patient-record.json")).exists();
    }

    @Test
    void aConfiguredFolderThatIsALinkIsPurgedWhereItPoints() throws IOException {
        Path realOut = Files.createDirectories(tmp.resolve("mnt/ehr-out"));
        Path old = file(realOut.resolve("session-S7-m7.json"), Duration.ofDays(8));
        Path linkedOut = Files.createSymbolicLink(tmp.resolve("ehr-out-link"), realOut);

        RetentionCounts counts = new RetentionFiles(null, List.of(linkedOut), List.of(), CLOCK).purge(PERIODS, List.of());

        assertThat(counts.fileOutput()).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(linkedOut).isSymbolicLink();
    }

    @Test
    void aZeroPeriodKeepsThatClassForeverAndMissingFoldersAreFine() throws IOException {
        Path oldDone = file(inbox.resolve("done/old.json"), Duration.ofDays(3650));
        Path oldBundle = file(output.resolve("session-S1-m1.json"), Duration.ofDays(8));
        RetentionProperties keepInbox = new RetentionProperties(true, Duration.ofHours(1), Duration.ofDays(30),
                Duration.ofDays(30), Duration.ofDays(30), Duration.ZERO, Duration.ofDays(7), Duration.ofDays(1), 500);

        RetentionCounts counts = new RetentionFiles(inbox, List.of(output, tmp.resolve("never-made")),
                List.of(tmp.resolve("no-feed")), CLOCK).purge(keepInbox, List.of());

        assertThat(counts).isEqualTo(new RetentionCounts(0, 0, 0, 0, 0, 1, 0));
        assertThat(oldDone).exists();
        assertThat(oldBundle).doesNotExist();
    }

    private RetentionFiles files() {
        return new RetentionFiles(inbox, List.of(output), List.of(feed), CLOCK);
    }

    private static Path file(Path path, Duration age) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "{\"name\":\"Jane Doe\"}");
        return age(path, age);
    }

    private static Path age(Path path, Duration age) throws IOException {
        Files.setLastModifiedTime(path, FileTime.from(NOW.minus(age)));
        return path;
    }
}
