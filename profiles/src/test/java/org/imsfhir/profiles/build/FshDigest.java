package org.imsfhir.profiles.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 over the FSH sources (sushi-config.yaml and input/fsh/*.fsh, line endings normalised).
 * regenerate.sh records it in {@code fsh-sources.sha256} when it rebuilds the package, so a test
 * without SUSHI can tell that the committed package was built from the committed FSH.
 */
public final class FshDigest {

    public static final String FILE = "fsh-sources.sha256";

    private FshDigest() {
    }

    public static String of(Path profilesDir) throws IOException {
        List<Path> sources = new ArrayList<>();
        sources.add(profilesDir.resolve("sushi-config.yaml"));
        try (Stream<Path> fsh = Files.list(profilesDir.resolve("input").resolve("fsh"))) {
            fsh.filter(p -> p.getFileName().toString().endsWith(".fsh")).sorted().forEach(sources::add);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path source : sources) {
                String text = Files.readString(source, StandardCharsets.UTF_8).replace("\r\n", "\n");
                sha.update(profilesDir.relativize(source).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String recorded(Path profilesDir) throws IOException {
        return Files.readString(profilesDir.resolve(FILE), StandardCharsets.US_ASCII).trim();
    }
}
