package org.imsfhir.profiles.build;

import java.nio.file.Path;

/** Where the package lives in the profiles module. */
public final class PackageLayout {

    private PackageLayout() {
    }

    public static Path packageFolder(Path profilesDir) {
        return profilesDir.resolve("src").resolve("main").resolve("resources").resolve("package");
    }

    public static Path exampleFolder(Path profilesDir) {
        return packageFolder(profilesDir).resolve("example");
    }
}
