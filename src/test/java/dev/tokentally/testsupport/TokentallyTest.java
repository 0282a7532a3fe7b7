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
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"tokentally.demo=true", "tokentally.demo-history=false", "vaadin.devmode.devTools.enabled=false",
        "logging.level.org.atmosphere=warn", "logging.level.io.zonky=warn",
        "tokentally.secret-key=" + TokentallyTest.SECRET_KEY, "tokentally.chat.demo-pace=0ms", "tokentally.chat.backoff=20ms",
        "tokentally.jobs.enabled=false", "tokentally.outbound.allow-private-addresses=true", "spring.mail.host=localhost", "spring.mail.port=" + TokentallyTest.SMTP_PORT,
        // A seller in Germany with a bank account, so invoices carry every part of the seller's identity.
        "tokentally.invoices.seller.legal-name=Tokentally Test GmbH", "tokentally.invoices.seller.address=Hauptstraße 5,10115 Berlin",
        "tokentally.invoices.seller.vat-id=DE811907980", "tokentally.invoices.seller.email=billing@tokentally.test",
        "tokentally.invoices.seller.bank-name=Test Bank", "tokentally.invoices.seller.iban=DE89 3704 0044 0532 0130 00",
        "tokentally.invoices.seller.bic=COBADEFFXXX"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import({TestClockConfig.class, Fixtures.class})
@TestExecutionListeners(listeners = ResetDatabaseListener.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public @interface TokentallyTest {

    /** The tests' key for provider secrets (32 bytes, Base64). */
    String SECRET_KEY = "dG9rZW50YWxseS10ZXN0LXNlY3JldC1rZXktMzJieXQ=";

    /** Where tests that receive mail run GreenMail's SMTP server. */
    int SMTP_PORT = 3025;
}
