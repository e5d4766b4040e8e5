package org.imsfhir.routes.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imsfhir.routes.support.Http;

/**
 * The service jar (the quick start's {@code routes/target/app/}, else {@code routes/target/ims-fhir-adapter.jar}) run as its own JVM, so a test can
 * kill it for real ({@code kill -9}: {@link Process#destroyForcibly()}) and start it again on the
 * same database file.
 */
public final class AdapterProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "ims.test.adapter.jar";
    /** The extracted jar the quick start runs ({@code target/app/}, beside its class-data archive). */
    static final String APP_PROPERTY = "ims.test.adapter.app";

    private final Process process;
    private final int port;
    private final Path credentialFile;

    private AdapterProcess(Process process, int port, Path credentialFile) {
        this.process = process;
        this.port = port;
        this.credentialFile = credentialFile;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        Path jar = configured != null ? Path.of(configured) : Path.of("target/ims-fhir-adapter.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The service jar " + jar.toAbsolutePath() + " is missing: run mvn package first");
        }
        return jar;
    }

    /**
     * Starts the service with the given Spring Boot arguments and waits until it is ready. Its local
     * operator credential is kept beside the log file (the same one across restarts).
     */
    public static AdapterProcess start(int port, Path log, List<String> arguments) throws IOException {
        return start(port, log, List.of("-Xmx768m", "-XX:+UseSerialGC"), arguments);
    }

    /** As {@link #start(int, Path, List)} with the given JVM options (heap size, GC, ...). */
    public static AdapterProcess start(int port, Path log, List<String> jvmOptions, List<String> arguments) throws IOException {
        Path credentialFile = credentialFile(log);
        Process process = launch(port, log, jvmOptions, arguments);
        AdapterProcess adapter = new AdapterProcess(process, port, credentialFile);
        try {
            awaitHealthy(adapter, log);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly(); // never leave a service behind when the test gives up
            throw e;
        }
        return adapter;
    }

    /**
     * Starts the service where it is expected not to start (e.g. a configuration it must refuse):
     * the exit code once it has ended, or -1 if it still ran after {@code within} (then it is killed).
     */
    static int startRefused(int port, Path log, List<String> arguments, Duration within) throws IOException, InterruptedException {
        Process process = launch(port, log, List.of("-Xmx512m", "-XX:+UseSerialGC"), arguments);
        if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        return -1;
    }

    private static Path credentialFile(Path log) {
        return log.toAbsolutePath().getParent().resolve("operator-credential");
    }

    private static Process launch(int port, Path log, List<String> jvmOptions, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(jarArguments());
        command.addAll(List.of("--server.port=" + port, "--ims.security.local-operator.credential-file=" + credentialFile(log)));
        command.addAll(arguments);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * The quick start's form when the build made it (the extracted jar with its class-data archive,
     * docs/operations.md#start-up): each start then takes about half as long. Else the self-contained
     * jar: a build with {@code -Dcds.skip} leaves no {@code app/}, or an older one (never run stale code).
     */
    private static List<String> jarArguments() throws IOException {
        Path fatJar = jar().toAbsolutePath();
        String app = System.getProperty(APP_PROPERTY);
        if (app != null) {
            Path jar = Path.of(app).toAbsolutePath();
            Path archive = archiveOf(jar);
            if (Files.isRegularFile(jar) && Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(fatJar)) >= 0) {
                return List.of("-XX:SharedArchiveFile=" + archive, "-jar", jar.toString());
            }
        }
        return List.of("-jar", fatJar.toString());
    }

    /** The class-data archive made beside a jar at package: {@code app/ims-fhir-adapter.jar} → {@code app/ims-fhir-adapter.jsa}. */
    public static Path archiveOf(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
    }

    private static void awaitHealthy(AdapterProcess adapter, Path log) {
        Process process = adapter.process;
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited with " + process.exitValue() + "; see " + log);
            }
            return ready(http, adapter.baseUrl());
        });
    }

    /** Whether the service at {@code base} answers readiness UP (false while it does not listen yet). */
    public static boolean ready(HttpClient http, String base) throws InterruptedException {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("UP");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Posts one record to the service at {@code base} as the local operator whose credential is in
     * {@code credentialFile}; fails unless it is accepted and judged VALID (the profile validator ran).
     */
    public static void postValidRecord(String base, Path credentialFile, String record) throws IOException, InterruptedException {
        Http.Answer answer = Http.operator(base, credentialFile).post("/ims/sessions", "application/json", record);
        if (answer.status() / 100 != 2 || !answer.body().contains("VALID")) {
            throw new IllegalStateException("the record was not accepted: " + answer.status() + " " + answer.body());
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** An API client logged in as the local operator. */
    public Http operator() {
        return Http.operator(baseUrl(), credentialFile);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a node; the exit code once the process has ended (-1 if it did not). */
    public int terminate(Duration within) throws InterruptedException {
        process.destroy();
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** CPU time the process has used so far (all its threads). */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
