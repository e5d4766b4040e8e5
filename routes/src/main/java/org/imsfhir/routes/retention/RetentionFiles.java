package org.imsfhir.routes.retention;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes files older than their period (last-modified time against the injected clock) from the
 * folders where the adapter leaves patient data: the inbox's {@code done/} and {@code failed/}, each
 * file destination's folder, and each registry feed's {@code .staging}. Symbolic links are never
 * followed nor deleted, and the folders themselves stay. A configured folder (inbox, destination,
 * feed) may itself be a link, as an operator chose it; the subfolders the adapter makes in it may not.
 */
public class RetentionFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionFiles.class);

    /**
     * What a file destination writes ({@code FileSender}: {@code session-<id>-m<n>.json}, via
     * {@code .writing-*.tmp}): only these go, as the folder may be shared with other files.
     */
    private static final Pattern FILE_OUTPUT = Pattern.compile("session-.*\\.json|\\.writing-.*\\.tmp");

    private final Path inboxDir;
    private final List<Path> fileOutputDirs;
    private final List<Path> registryDirs;
    private final Clock clock;

    /**
     * @param inboxDir       the watched folder ({@code ims.intake.inbox.dir}); null when there is none
     * @param fileOutputDirs the folders of the {@code file} destinations
     * @param registryDirs   the registry feeds' folders (staging is {@code <dir>/.staging})
     */
    public RetentionFiles(Path inboxDir, Collection<Path> fileOutputDirs, Collection<Path> registryDirs, Clock clock) {
        this.inboxDir = inboxDir;
        this.fileOutputDirs = List.copyOf(fileOutputDirs);
        this.registryDirs = List.copyOf(registryDirs);
        this.clock = clock;
    }

    /**
     * Deletes what is due.
     *
     * @param keepStaging staging folders of registry batches not yet delivered: kept whatever their age
     */
    public RetentionCounts purge(RetentionProperties periods, Collection<Path> keepStaging) {
        Instant now = clock.instant();
        long inbox = 0;
        long output = 0;
        long staging = 0;
        if (!RetentionProperties.keepsForever(periods.inboxFiles()) && inboxDir != null) {
            Instant cutoff = now.minus(periods.inboxFiles());
            for (String sub : List.of("done", "failed")) {
                // Flat (the file consumer moves files there without folders): any file goes.
                inbox += purge(subfolder(inboxDir, sub), 1, name -> true, cutoff, Set.of());
            }
        }
        if (!RetentionProperties.keepsForever(periods.fileOutput())) {
            Instant cutoff = now.minus(periods.fileOutput());
            for (Path dir : fileOutputDirs) {
                output += purge(configured(dir), 1, name -> FILE_OUTPUT.matcher(name).matches(), cutoff, Set.of());
            }
        }
        if (!RetentionProperties.keepsForever(periods.registryStaging())) {
            Instant cutoff = now.minus(periods.registryStaging());
            Set<Path> keep = new HashSet<>();
            keepStaging.forEach(p -> keep.add(canonical(p)));
            for (Path dir : registryDirs) {
                Path root = configured(dir);
                staging += purge(root == null ? null : subfolder(root, ".staging"), Integer.MAX_VALUE, name -> true,
                        cutoff, keep);
            }
        }
        return RetentionCounts.ofFiles(inbox, output, staging);
    }

    /**
     * Deletes the regular files under {@code root} (to {@code depth}) older than {@code cutoff} whose
     * names match, skipping the folders in {@code keep}; then the subfolders that were already older
     * than the cutoff and are now empty. Returns the number of files deleted.
     */
    private long purge(Path root, int depth, Predicate<String> names, Instant cutoff, Set<Path> keep) {
        if (root == null) {
            return 0;
        }
        long[] deleted = {0};
        long[] failed = {0};
        Map<Path, FileTime> dirTimes = new HashMap<>();
        try {
            // No FOLLOW_LINKS: a link is reported as itself (attributes of the link), never entered.
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && keep.contains(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    dirTimes.put(dir, attrs.lastModifiedTime());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && attrs.lastModifiedTime().toInstant().isBefore(cutoff)
                            && names.test(file.getFileName().toString())) {
                        try {
                            if (Files.deleteIfExists(file)) {
                                deleted[0]++;
                            }
                        } catch (IOException e) {
                            failed[0]++;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    failed[0]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    // Its time before this walk: deleting files just now made it look young.
                    FileTime before = dirTimes.get(dir);
                    if (!dir.equals(root) && before != null && before.toInstant().isBefore(cutoff)) {
                        try {
                            Files.delete(dir);
                        } catch (DirectoryNotEmptyException kept) {
                            // a young file or a link is still in it
                        } catch (IOException other) {
                            failed[0]++;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            failed[0]++;
        }
        if (failed[0] > 0) {
            // Folder kind and counts only: file names may carry patient names.
            LOG.warn("Retention: {} file(s) or folder(s) under a {} folder could not be read or deleted",
                    failed[0], root.getFileName());
        }
        return deleted[0];
    }

    /** A configured folder, resolved (it may be a link an operator set up); null when it does not exist. */
    private static Path configured(Path dir) {
        try {
            return Files.isDirectory(dir) ? dir.toRealPath() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A folder the adapter makes inside a configured one: only a real folder, never a link out of it. */
    private static Path subfolder(Path parent, String name) {
        Path resolved = configured(parent);
        if (resolved == null) {
            return null;
        }
        Path sub = resolved.resolve(name);
        return Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS) ? sub : null;
    }

    /** The same folder as the walk names it (real path when it exists), to compare with the keep list. */
    private static Path canonical(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
