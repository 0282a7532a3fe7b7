package dev.tokentally;

import dev.tokentally.base.db.EmbeddedPostgresStart;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class TokentallyApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as {@link #main} starts it: the embedded PostgreSQL, when wanted, starts beside the rest. */
    public static SpringApplication application() {
        return new SpringApplicationBuilder(TokentallyApplication.class).initializers(new EmbeddedPostgresStart()).build();
    }
}
