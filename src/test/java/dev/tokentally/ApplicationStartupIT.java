package dev.tokentally;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.tokentally.base.DemoMode;
import dev.tokentally.base.secrets.SecretBox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A newcomer's first run: no database configured, so the application starts its embedded PostgreSQL,
 * fills it with the price catalog and demo data once, and a restart finds the same data and adds nothing. Runs in its own
 * JVM (failsafe): a second Spring application replaces process-wide state such as the security
 * context strategy, which the shared test context relies on.
 */
class ApplicationStartupIT {

    @TempDir
    Path workDirectory;

    private ConfigurableApplicationContext start(Path dataDirectory) {
        return TokentallyApplication.application().run(
                "--spring.datasource.url=",
                "--tokentally.demo=",
                "--tokentally.database.embedded-directory=" + dataDirectory,
                "--server.port=0",
                "--vaadin.devmode.devTools.enabled=false");
    }

    private static String counts(ConfigurableApplicationContext app) {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        return jdbc.sql("""
                select (select count(*) from organization) || ' organizations, '
                    || (select count(*) from app_user) || ' users, '
                    || (select count(*) from model) || ' models, '
                    || (select count(*) from seed_data_load) || ' seed sets'""").query(String.class).single();
    }

    /** The demo history's usage, which a restart must not add to. */
    private static long events(ConfigurableApplicationContext app) {
        return app.getBean(JdbcClient.class).sql("select count(*) from usage_event").query(Long.class).single();
    }

    @Test
    void starts_on_the_embedded_database_without_configuration_and_loads_demo_data_exactly_once() throws Exception {
        Path dataDirectory = workDirectory.resolve("data/postgres");
        String sealed;
        long events;

        try (ConfigurableApplicationContext first = start(dataDirectory)) {
            assertThat(first.getBean(EmbeddedPostgres.class)).isNotNull();
            assertThat(first.getBean(DemoMode.class).enabled()).isTrue();
            assertThat(counts(first)).isEqualTo("3 organizations, 11 users, 154 models, 12 seed sets");
            events = events(first);
            assertThat(events).as("the demo history's usage").isGreaterThan(1_000);
            int port = ((WebServerApplicationContext) first).getWebServer().getPort();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("UP");
            sealed = first.getBean(SecretBox.class).seal("sk-test-survives-restart");
        }
        assertThat(Files.exists(dataDirectory.resolve("PG_VERSION"))).isTrue();

        try (ConfigurableApplicationContext second = start(dataDirectory)) {
            assertThat(counts(second)).isEqualTo("3 organizations, 11 users, 154 models, 12 seed sets");
            assertThat(events(second)).isEqualTo(events);
            assertThat(second.getBean(SecretBox.class).open(sealed))
                    .as("a provider key stored in demo mode is readable after a restart").isEqualTo("sk-test-survives-restart");
        }
    }
}
