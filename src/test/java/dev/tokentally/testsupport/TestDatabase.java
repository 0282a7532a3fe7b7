package dev.tokentally.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL of a test run, chosen once: the server named by {@code DB_URL} (a fresh database
 * on it per run), else a Testcontainers PostgreSQL 17 when a Docker daemon answers, else an embedded
 * PostgreSQL 17 in a temporary directory.
 */
public final class TestDatabase {

    public record Connection(String url, String user, String password, String kind) {
    }

    private static Connection connection;

    private TestDatabase() {
    }

    public static synchronized Connection get() {
        if (connection == null) {
            connection = start();
        }
        return connection;
    }

    private static Connection start() {
        String url = System.getenv("DB_URL");
        if (url != null && !url.isBlank()) {
            return freshDatabaseOn(url, System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
            container.start();
            return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
        }
        try {
            // Stopped by its own shutdown hook when the test JVM ends.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL for the tests", e);
        }
    }

    /** Creates a new, empty database on the given server, so a run never sees another run's data. */
    private static Connection freshDatabaseOn(String url, String user, String password) {
        String name = "tokentally_test_" + System.currentTimeMillis();
        try (java.sql.Connection admin = DriverManager.getConnection(url, user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a test database on " + url, e);
        }
        String freshUrl = url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
        return new Connection(freshUrl, user, password, "DB_URL");
    }
}
