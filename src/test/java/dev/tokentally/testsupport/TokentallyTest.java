package dev.tokentally.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestExecutionListeners;

/**
 * The whole application on a random port against the run's PostgreSQL, with demo data reloaded before
 * every test. Every test class that uses it shares one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"tokentally.demo=true", "vaadin.devmode.devTools.enabled=false",
        "logging.level.org.atmosphere=warn", "logging.level.io.zonky=warn"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import(TestClockConfig.class)
@TestExecutionListeners(listeners = ResetDatabaseListener.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public @interface TokentallyTest {
}
