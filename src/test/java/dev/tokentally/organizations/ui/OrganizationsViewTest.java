package dev.tokentally.organizations.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class OrganizationsViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;

    private int organizationCount() {
        return jdbc.sql("select count(*) from organization").query(Integer.class).single();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admin_sees_the_organizations_and_filters_them() {
        OrganizationsView view = navigate(OrganizationsView.class);
        assertThat(test(view.grid).size()).isEqualTo(3);

        test(view.filter).setValue("glob");

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("Globex");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admin_creates_an_organization_with_a_suggested_slug() {
        OrganizationsView view = navigate(OrganizationsView.class);
        test(view.create).click();
        OrganizationDialog dialog = $(OrganizationDialog.class).single();

        test(dialog.name).setValue("Initech Ltd.");
        dialog.timeZone.setValue("Europe/London");
        dialog.currency.setValue("GBP");
        test(dialog.markupPercent).setValue(new BigDecimal("12.5"));
        test(dialog.save).click();

        assertThat(dialog.isOpened()).isFalse();
        var saved = jdbc.sql("select slug, time_zone, currency, markup_percent from organization where name = 'Initech Ltd.'")
                .query((rs, row) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getBigDecimal(4))
                .single();
        assertThat(saved).isEqualTo("initech-ltd Europe/London GBP 12.500");
        assertThat(test(view.grid).size()).isEqualTo(4);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void invalid_time_zone_currency_and_markup_show_field_messages_and_save_nothing() {
        OrganizationsView view = navigate(OrganizationsView.class);
        test(view.create).click();
        OrganizationDialog dialog = $(OrganizationDialog.class).single();

        test(dialog.name).setValue("Broken\nInc");
        dialog.timeZone.setValue("Mars/Olympus_Mons");
        dialog.currency.setValue("EURO");
        test(dialog.markupPercent).setValue(new BigDecimal("1000.5"));
        test(dialog.save).click();

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isEqualTo("No control characters such as tabs or line breaks");
        assertThat(dialog.timeZone.isInvalid()).isTrue();
        assertThat(dialog.timeZone.getErrorMessage()).contains("time zone");
        assertThat(dialog.currency.isInvalid()).isTrue();
        assertThat(dialog.currency.getErrorMessage()).contains("ISO 4217");
        assertThat(dialog.markupPercent.isInvalid()).isTrue();
        assertThat(dialog.markupPercent.getErrorMessage()).contains("-100 % and 1000 %");
        assertThat(organizationCount()).isEqualTo(3);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_taken_slug_is_marked_on_the_field() {
        OrganizationsView view = navigate(OrganizationsView.class);
        test(view.create).click();
        OrganizationDialog dialog = $(OrganizationDialog.class).single();

        test(dialog.name).setValue("Acme Again");
        test(dialog.slug).setValue("acme");
        test(dialog.save).click();

        assertThat(dialog.slug.isInvalid()).isTrue();
        assertThat(dialog.slug.getErrorMessage()).isEqualTo("Another organization has this slug");
        assertThat(organizationCount()).isEqualTo(3);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admin_edits_an_organizations_markup() {
        OrganizationsView view = navigate(OrganizationsView.class);
        test(view.filter).setValue("acme");
        test(view.grid).clickRow(0);
        OrganizationDialog dialog = $(OrganizationDialog.class).single();
        assertThat(dialog.name.getValue()).isEqualTo("Acme Corp");

        test(dialog.markupPercent).setValue(new BigDecimal("-5"));
        test(dialog.save).click();

        assertThat(jdbc.sql("select markup_percent from organization where slug = 'acme'").query(BigDecimal.class).single())
                .isEqualByComparingTo("-5");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_cannot_open_organizations() {
        assertDenied(OrganizationsView.class);
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void member_cannot_open_organizations() {
        assertDenied(OrganizationsView.class);
    }
}
