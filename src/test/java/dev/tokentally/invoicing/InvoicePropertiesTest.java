package dev.tokentally.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.validation.FieldError;

/** The seller's identity is read from the settings, and a bad value stops the start naming the setting. */
class InvoicePropertiesTest {

    @EnableConfigurationProperties(InvoiceProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner start = new ApplicationContextRunner().withUserConfiguration(Settings.class)
            .withPropertyValues("tokentally.invoices.monthly-cron=0 15 * * * *", "tokentally.invoices.seller.legal-name=Seller GmbH",
                    "tokentally.invoices.seller.address=Hauptstraße 5,10115 Berlin", "tokentally.invoices.seller.vat-id=DE811907980",
                    "tokentally.invoices.seller.iban=DE89 3704 0044 0532 0130 00", "tokentally.invoices.seller.bic=COBADEFFXXX");

    @Test
    void the_seller_is_read_with_one_address_line_per_entry() {
        start.run(context -> {
            assertThat(context).hasNotFailed();
            Seller seller = context.getBean(InvoiceProperties.class).seller();
            assertThat(seller.address()).containsExactly("Hauptstraße 5", "10115 Berlin");
            assertThat(seller.bankLine()).isEqualTo("IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX");
            assertThat(seller.email()).isEmpty();
        });
    }

    @Test
    void a_vat_id_iban_or_bic_of_the_wrong_shape_stops_the_start_naming_the_setting() {
        start.withPropertyValues("tokentally.invoices.seller.vat-id=811907980", "tokentally.invoices.seller.iban=12345",
                "tokentally.invoices.seller.bic=COBA").run(context ->
                assertThat(refusals(context.getStartupFailure())).extracting(refusal -> refusal.substring(0, refusal.indexOf(':')))
                        .containsExactlyInAnyOrder("tokentally.invoices.seller.vatId", "tokentally.invoices.seller.iban",
                                "tokentally.invoices.seller.bic"));
    }

    @Test
    void a_seller_without_a_legal_name_stops_the_start() {
        start.withPropertyValues("tokentally.invoices.seller.legal-name=").run(context ->
                assertThat(refusals(context.getStartupFailure())).singleElement().asString()
                        .startsWith("tokentally.invoices.seller.legalName: must not be blank"));
    }

    private static List<String> refusals(Throwable failure) {
        assertThat(failure).isNotNull();
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        assertThat(cause).isInstanceOf(BindValidationException.class);
        return ((BindValidationException) cause).getValidationErrors().getAllErrors().stream()
                .map(error -> error instanceof FieldError field ? field.getObjectName() + "." + field.getField() + ": "
                        + error.getDefaultMessage() : error.toString())
                .toList();
    }
}
