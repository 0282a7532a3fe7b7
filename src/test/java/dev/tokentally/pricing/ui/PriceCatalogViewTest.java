package dev.tokentally.pricing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class PriceCatalogViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;

    private int versionsOf(String model) {
        return jdbc.sql("select count(*) from model_price p join model m on m.id = p.model_id where m.name = ?")
                .param(model).query(Integer.class).single();
    }

    private ModelPriceDialog open(PriceCatalogView view, String model) {
        test(view.filter).setValue(model);
        for (int row = 0; row < test(view.grid).size(); row++) {
            if (test(view.grid).getRow(row).name().equals(model)) {
                test(view.grid).clickRow(row);
                return $(ModelPriceDialog.class).single();
            }
        }
        throw new AssertionError(model + " is not in the grid");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void the_catalog_lists_models_with_todays_prices_and_filters_by_provider_and_text() {
        PriceCatalogView view = navigate(PriceCatalogView.class);
        assertThat(test(view.grid).size()).isGreaterThan(100);

        test(view.provider).selectItem("Anthropic");
        test(view.filter).setValue("sonnet-4-5");

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("claude-sonnet-4-5");
        assertThat(test(view.grid).getCellText(0, 3)).isEqualTo("$3");
        assertThat(test(view.grid).getCellText(0, 6)).isEqualTo("$15");
        assertThat(test(view.grid).getCellText(0, 7)).isEqualTo("above 200k");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_price_starting_in_the_past_asks_first_then_becomes_a_new_version_in_the_history() {
        PriceCatalogView view = navigate(PriceCatalogView.class);
        ModelPriceDialog dialog = open(view, "gpt-4o-mini");
        assertThat(dialog.output.getValue()).isEqualByComparingTo("0.6");

        test(dialog.output).setValue(new BigDecimal("0.5"));
        dialog.effectiveFrom.setValue(LocalDateTime.now(ZoneOffset.UTC).minusDays(2));
        test(dialog.save).click();
        ConfirmDialog confirm = $(ConfirmDialog.class).single();
        assertThat(test(confirm).getText()).contains("0 uninvoiced usage events since then will be re-priced");
        test(confirm).confirm();

        assertThat(versionsOf("gpt-4o-mini")).isEqualTo(2);
        assertThat(test(dialog.history).size()).isEqualTo(2);
        assertThat(test(dialog.history).getCellText(0, 1)).isEqualTo("now");
        assertThat(test(dialog.history).getCellText(0, 2)).startsWith("in 0.15, cached 0.075 / out 0.5");
        assertThat(test(dialog.changes).getCellText(0, 1)).isEqualTo("root@tokentally.test");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void negative_and_missing_prices_are_marked_and_nothing_is_saved() {
        PriceCatalogView view = navigate(PriceCatalogView.class);
        ModelPriceDialog dialog = open(view, "gpt-4o-mini");

        test(dialog.cachedInput).setValue(new BigDecimal("-0.01"));
        dialog.output.clear();
        test(dialog.save).click();

        assertThat(dialog.cachedInput.getErrorMessage()).isEqualTo("A price cannot be negative");
        assertThat(dialog.output.isInvalid()).isTrue();
        assertThat(versionsOf("gpt-4o-mini")).isEqualTo(1);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_start_before_the_latest_version_is_marked_on_the_date() {
        PriceCatalogView view = navigate(PriceCatalogView.class);
        ModelPriceDialog dialog = open(view, "gpt-4o");

        dialog.effectiveFrom.setValue(LocalDateTime.of(1999, 12, 31, 0, 0));
        test(dialog.save).click();
        test($(ConfirmDialog.class).single()).confirm();

        assertThat(dialog.effectiveFrom.isInvalid()).isTrue();
        assertThat(dialog.effectiveFrom.getErrorMessage()).contains("must start after it");
        assertThat(versionsOf("gpt-4o")).isEqualTo(1);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void disabling_a_model_is_audited() {
        PriceCatalogView view = navigate(PriceCatalogView.class);
        ModelPriceDialog dialog = open(view, "gpt-4o");

        test(dialog.enabled).click();

        assertThat(jdbc.sql("select enabled from model where name = 'gpt-4o'").query(Boolean.class).single()).isFalse();
        assertThat(test(dialog.changes).getCellText(0, 2)).isEqualTo("disabled");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admins_cannot_open_the_catalog_import_or_rates() {
        assertDenied(PriceCatalogView.class);
        assertDenied(PriceImportView.class);
        assertDenied(ExchangeRatesView.class);
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void members_cannot_open_any_pricing_view() {
        assertDenied(PriceCatalogView.class);
        assertDenied(OrganizationPricingView.class);
    }
}
