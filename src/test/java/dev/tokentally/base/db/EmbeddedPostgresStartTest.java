package dev.tokentally.base.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.Driver;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The embedded PostgreSQL that main starts beside the rest of the application; none when a database is configured. */
class EmbeddedPostgresStartTest {

    @TempDir
    Path work;

    private GenericApplicationContext contextWith(Map<String, Object> properties) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        new EmbeddedPostgresStart().initialize(context);
        return context;
    }

    @Test
    void starts_the_server_in_the_data_directory_without_waiting_for_the_context() throws Exception {
        Path data = work.resolve("data/postgres");
        GenericApplicationContext context = contextWith(Map.of("tokentally.database.embedded-directory", data.toString()));
        EmbeddedPostgresStart.Starting starting = context.getBeanFactory().getBean(EmbeddedPostgresStart.Starting.class);
        try (EmbeddedPostgres postgres = starting.await()) {
            JdbcClient jdbc = JdbcClient.create(new SimpleDriverDataSource(new Driver(),
                    postgres.getJdbcUrl("postgres", "postgres"), "postgres", ""));
            assertThat(jdbc.sql("select current_setting('synchronous_commit')").query(String.class).single())
                    .as("the application's data must survive a crash").isEqualTo("on");
            assertThat(Files.exists(data.resolve("PG_VERSION"))).as("the cluster is kept in the data directory").isTrue();
        }
    }

    @Test
    void starts_nothing_when_a_database_url_is_configured() {
        GenericApplicationContext context = contextWith(Map.of(
                "spring.datasource.url", "jdbc:postgresql://db.example:5432/tokentally",
                "tokentally.database.embedded-directory", work.resolve("data/postgres").toString()));
        assertThat(context.getBeanFactory().getBeanNamesForType(EmbeddedPostgresStart.Starting.class)).isEmpty();
        assertThat(work.resolve("data")).doesNotExist();
    }
}
