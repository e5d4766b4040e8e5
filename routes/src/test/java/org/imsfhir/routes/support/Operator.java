package org.imsfhir.routes.support;

import java.nio.file.Path;

/**
 * The local operator's credential file of the in-JVM service tests: the service makes it at its
 * first start, the tests read it to call the API as the operator (every scope, every clinic).
 */
public final class Operator {

    public static final Path CREDENTIAL_FILE = TestDirs.create("operator").resolve("operator-credential");
    public static final String PROPERTY = "ims.security.local-operator.credential-file";

    private Operator() {
    }

    public static Http http(int port) {
        return Http.operator("http://localhost:" + port, CREDENTIAL_FILE);
    }
}
