package org.imsfhir.routes.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quick start's operator password: 256 random bits written once to a file only its owner can
 * read, then read from there at every start. Its path is logged, never its value.
 */
public final class LocalOperatorCredential {

    private static final Logger LOG = LoggerFactory.getLogger(LocalOperatorCredential.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private LocalOperatorCredential() {
    }

    /** The password in {@code file}, made first if the file does not exist. */
    public static String readOrCreate(Path file, String username) {
        try {
            Path absolute = file.toAbsolutePath().normalize();
            if (!Files.exists(absolute)) {
                create(absolute);
                LOG.info("Created the local operator credential: user '{}', password in {} (readable by its owner only)",
                        username, absolute);
            } else {
                LOG.info("Local operator: user '{}', password in {}", username, absolute);
            }
            String password = Files.readString(absolute, StandardCharsets.UTF_8).trim();
            if (password.length() < 16) {
                throw new IllegalStateException("The local operator credential in " + absolute
                        + " is shorter than 16 characters; delete the file to have a new one made");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the local operator credential " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return; // another start made it meanwhile: use that one
        }
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
