package dev.tokentally.pricing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class OrganizationPricingViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_sees_the_catalog_with_their_markup_in_their_currency() {
        OrganizationPricingView view = navigate(OrganizationPricingView.class);

        assertThat(view.terms.getText()).isEqualTo(
                "Acme Corp pays provider cost plus 20 % markup, in EUR at 0.92 EUR per USD today.");
        test(view.filter).setValue("gpt-4o-mini");
        int row = 0;
        while (!test(view.prices).getRow(row).name().equals("gpt-4o-mini")) {
            row++;
        }
        // 0.15 × 1.2 × 0.92 and 0.6 × 1.2 × 0.92
        assertThat(test(view.prices).getCellText(row, 2)).isEqualTo("EUR 0.1656");
        assertThat(test(view.prices).getCellText(row, 3)).isEqualTo("EUR 0.6624");
        assertThat(view.saveTiers.getParent()).isEmpty();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admin_sets_markup_and_graduated_tiers_and_the_change_is_audited() {
        OrganizationPricingView view = navigate(OrganizationPricingView.class);
        test(view.organization).selectItem("Globex");

        test(view.markup).setValue(new BigDecimal("15"));
        test(view.saveTerms).click();
        test(view.tierThreshold).setValue("1000000");
        test(view.tierDiscount).setValue(new BigDecimal("10"));
        test(view.addTier).click();
        test(view.tierThreshold).setValue("5000000");
        test(view.tierDiscount).setValue(new BigDecimal("20"));
        test(view.addTier).click();
        test(view.saveTiers).click();

        assertThat(jdbc.sql("select markup_percent from organization where slug = 'globex'").query(BigDecimal.class).single())
                .isEqualByComparingTo("15");
        assertThat(jdbc.sql("select count(*) from volume_tier").query(Integer.class).single()).isEqualTo(2);
        assertThat(test(view.history).size()).isEqualTo(2);
        assertThat(test(view.history).getCellText(0, 4)).isEqualTo("from 1,000,000 tokens 10 %, from 5,000,000 tokens 20 %");
        assertThat(test(view.history).getCellText(1, 3)).isEqualTo("markup 0 %, USD, tax 0 %");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void tiers_whose_thresholds_do_not_increase_are_refused() {
        OrganizationPricingView view = navigate(OrganizationPricingView.class);
        test(view.organization).selectItem("Globex");

        test(view.tierThreshold).setValue("5000000");
        test(view.tierDiscount).setValue(new BigDecimal("20"));
        test(view.addTier).click();
        test(view.tierThreshold).setValue("1000000");
        test(view.tierDiscount).setValue(new BigDecimal("10"));
        test(view.addTier).click();
        test(view.saveTiers).click();

        assertThat(notificationText()).contains("thresholds must increase (1000000 follows 5000000)");
        assertThat(jdbc.sql("select count(*) from volume_tier").query(Integer.class).single()).isZero();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void markup_outside_the_allowed_range_is_marked_on_the_field() {
        OrganizationPricingView view = navigate(OrganizationPricingView.class);
        test(view.organization).selectItem("Globex");

        test(view.markup).setValue(new BigDecimal("-101"));
        test(view.saveTerms).click();

        assertThat(view.markup.getErrorMessage()).isEqualTo("Markup must be between -100 % and 1000 %");
        assertThat(jdbc.sql("select markup_percent from organization where slug = 'globex'").query(BigDecimal.class).single())
                .isEqualByComparingTo("0");
    }
}
