package dev.tokentally.providersync.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.providersync.ProviderAccounts;
import dev.tokentally.providersync.Reconciliations;
import dev.tokentally.providersync.SyncRuns;
import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

class SyncViewsTest extends ViewTest {

    @Autowired
    ProviderAccounts accounts;
    @Autowired
    Reconciliations reconciliations;
    @Autowired
    SyncRuns runs;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_sees_the_jobs_switches_one_off_and_adds_an_account_with_a_sealed_key() {
        SyncView view = navigate(SyncView.class);
        assertThat(test(view.jobs).size()).isEqualTo(2);
        assertThat(test(view.jobs).getCellText(0, 2)).isEqualTo("never");

        test((Checkbox) test(view.jobs).getCellComponent(1, 1)).click();
        assertThat(runs.enabled(SyncRuns.USAGE_SYNC)).isFalse();
        assertThat(test(view.jobs).getCellText(1, 5)).isEqualTo("switched off");

        test(view.addAccount).click();
        @SuppressWarnings("unchecked")
        ComboBox<Object> organization = $(ComboBox.class).withCaption("Organization").last();
        test(organization).selectItem("Acme Corp");
        test($(TextField.class).withCaption("Name").last()).setValue("Acme OpenAI");
        test(button("Save")).click();
        assertThat($(PasswordField.class).last().getErrorMessage()).isEqualTo("The admin key is required");

        test($(PasswordField.class).last()).setValue("sk-admin-0123456789-ABCD");
        test(button("Save")).click();

        assertThat(test(view.accounts).size()).isEqualTo(1);
        assertThat(test(view.accounts).getCellText(0, 4)).isEqualTo("set (…ABCD)");
        assertThat(jdbc.sql("select admin_key_encrypted from provider_account").query(String.class).single())
                .startsWith("v1:").doesNotContain("0123456789");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_sees_only_their_organizations_accounts_and_no_jobs() {
        RunAs.user(users, "root@tokentally.test", () -> accounts.save(null, new ProviderAccounts.Change(organization("globex"),
                "openai", "Globex OpenAI", null, "sk-admin-globex-0001", null, null, true)));
        RunAs.user(users, "root@tokentally.test", () -> accounts.save(null, new ProviderAccounts.Change(organization("acme"),
                "anthropic", "Acme Anthropic", null, "sk-ant-admin-acme-0001", null, null, true)));

        SyncView view = navigate(SyncView.class);

        assertThat(test(view.accounts).size()).isEqualTo(1);
        assertThat(test(view.accounts).getCellText(0, 2)).isEqualTo("Acme Anthropic");
        assertThat(view.jobs.getParent()).isEmpty();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void reconciliation_lists_mismatches_first_and_exports_them() {
        long account = accounts.save(null, new ProviderAccounts.Change(organization("acme"), "openai", "Acme OpenAI", null,
                "sk-admin-0001", null, null, true)).id();
        reconciled(account, LocalDate.of(2026, 11, 15), 1000, "0.0010", 1000, "0.0010", "MATCH");
        reconciled(account, LocalDate.of(2026, 11, 14), 1500, "0.0015", 1300, "0.0013", "MISMATCH");

        ReconciliationView view = navigate(ReconciliationView.class);

        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("MISMATCH");
        assertThat(test(view.grid).getCellText(0, 5)).isEqualTo("+200");
        assertThat(test(view.grid).getCellText(1, 0)).isEqualTo("MATCH");
        assertThat(reconciliations.csv(null).lines().toList()).element(1)
                .isEqualTo("Acme OpenAI,openai,2026-11-14,gpt-4o-mini,1500,1300,200,0.0015,0.0013,0.0002,MISMATCH");
        assertThat(reconciliations.mismatches()).isEqualTo(1);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void the_reconciliation_export_keeps_a_model_name_with_a_line_break_and_a_formula_in_one_inert_cell() {
        long account = accounts.save(null, new ProviderAccounts.Change(organization("acme"), "openai", "@Acme, main", null,
                "sk-admin-0001", null, null, true)).id();
        // Written directly, as reconciled() is.
        jdbc.sql("""
                        insert into reconciliation (account_id, day, model, our_tokens, our_cost_usd, their_tokens, their_cost_usd,
                                                    status, checked_at) values (?, date '2026-11-14', ?, 10, -0.5, 12, null, 'MISMATCH', now())""")
                .params(account, "\t=1+1\ngpt").update();

        List<List<String>> rows = CsvRows.read(reconciliations.csv(null));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).containsExactly("'@Acme, main", "openai", "2026-11-14", "'\t=1+1\ngpt", "10", "12", "-2",
                "-0.5", "", "", "MISMATCH");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void members_cannot_open_sync_or_reconciliation() {
        assertDenied(SyncView.class);
        assertDenied(ReconciliationView.class);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admins_cannot_open_reconciliation() {
        assertDenied(ReconciliationView.class);
    }

    /** Written directly: only the sync job writes reconciliations, from a provider's usage report. */
    private void reconciled(long account, LocalDate day, long ourTokens, String ourCost, long theirTokens, String theirCost,
                            String status) {
        jdbc.sql("""
                        insert into reconciliation (account_id, day, model, our_tokens, our_cost_usd, their_tokens, their_cost_usd,
                                                    status, checked_at) values (?, ?, 'gpt-4o-mini', ?, ?, ?, ?, ?, now())""")
                .params(account, Date.valueOf(day), ourTokens, new BigDecimal(ourCost), theirTokens, new BigDecimal(theirCost), status)
                .update();
    }


    private long organization(String slug) {
        return fixtures.organization(slug);
    }
}
