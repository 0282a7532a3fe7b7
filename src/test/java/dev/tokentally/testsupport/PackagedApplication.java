package dev.tokentally.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged jar run as a user runs it, in production mode on an embedded PostgreSQL of its own under a work
 * directory, for tests that must see what users get: the committed frontend bundle, the shipped JVM settings.
 */
public final class PackagedApplication implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private PackagedApplication(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the jar with these JVM options and environment (demo mode, a free port) and waits until it has started.
     *
     * @throws AssertionError with the log's tail when it does not start within 90 s
     */
    public static PackagedApplication start(Path workDirectory, List<String> jvmOptions, Map<String, String> environment)
            throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString(), "--server.port=" + port, "--spring.datasource.url=",
                "--tokentally.demo=true", "--tokentally.database.embedded-directory=" + workDirectory.resolve("data/postgres")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true);
        Stream.of("DB_URL", "DB_USER", "DB_PASSWORD", "TOKENTALLY_DATA_DIR", "TOKENTALLY_DEMO", "TOKENTALLY_SECRET_KEY",
                "SPRING_MAIL_HOST", "PORT", "JAVA_TOOL_OPTIONS").forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        PackagedApplication application = new PackagedApplication(builder.start(), workDirectory.resolve("application.log"),
                "http://localhost:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(application::close));
        application.awaitStart();
        return application;
    }

    /** The JVM options the README and the Docker image ship (pom.xml's tokentally.jvm, handed to the tests). */
    public static List<String> shippedJvmOptions() {
        String options = System.getProperty("tokentally.jvm", "");
        if (options.isBlank()) {
            throw new AssertionError("the system property tokentally.jvm is not set: failsafe hands it pom.xml's value");
        }
        return Arrays.asList(options.trim().split("\\s+"));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM first (Spring stops the embedded PostgreSQL), then force, the database processes included. */
    @Override
    public synchronized void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Everything the application wrote so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last few thousand characters the application wrote, for a failure's message. */
    public String logTail() {
        String text = log();
        return text.substring(Math.max(0, text.length() - 6000));
    }

    private void awaitStart() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> copyLogUntilStarted(started));
        process.onExit().thenRun(() -> started.completeExceptionally(
                new IllegalStateException("the packaged application exited with " + process.exitValue())));
        try {
            started.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("The packaged application did not start:\n" + logTail(), e);
        }
    }

    private void copyLogUntilStarted(CompletableFuture<Void> started) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer copy = Files.newBufferedWriter(log)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                copy.write(line);
                copy.write('\n');
                copy.flush();
                if (line.contains("Starting TokentallyApplication")) {
                    System.out.println("PackagedApplication: " + line); // which jar, which Java
                }
                if (line.contains("Started TokentallyApplication")) {
                    started.complete(null);
                }
            }
        } catch (IOException e) {
            started.completeExceptionally(e);
        }
    }

    /** The jar {@code ./mvnw package} built: target/tokentally-*.jar (not the plain one Spring Boot renames). */
    private static Path jar() throws IOException {
        String configured = System.getProperty("tokentally.jar");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("tokentally-.*\\.jar"))
                    .findFirst().map(Path::toAbsolutePath)
                    .orElseThrow(() -> new AssertionError("no target/tokentally-*.jar: run ./mvnw verify (it packages first)"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
