package dev.tokentally.base;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The build's training run for the JVM's AOT cache ({@code tokentally.training-run=true}, see pom.xml): a whole
 * first start, seed and demo data included, then the application stops, closing its embedded PostgreSQL, and the
 * JVM writes the classes it loaded into the cache that {@code java -XX:AOTCache=...} starts from.
 */
@Component
@ConditionalOnBooleanProperty("tokentally.training-run")
@Order(Ordered.LOWEST_PRECEDENCE)
class TrainingRun implements ApplicationRunner {

    private final ConfigurableApplicationContext context;

    TrainingRun(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        System.exit(SpringApplication.exit(context));
    }
}
