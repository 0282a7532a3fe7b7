package dev.tokentally.budgets.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import dev.tokentally.mail.channels.AlertChannel;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.mail.channels.ChannelKind;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class BudgetChannelChoiceTest extends ViewTest {

    @Autowired
    AlertChannels channels;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    @WithUserDetails("admin@acme.test")
    void the_budget_form_chooses_its_alert_channels_and_shows_them_when_reopened() {
        long acme = fixtures.organization("acme");
        AlertChannel slack = channels.add(acme, "Ops", ChannelKind.SLACK, "http://127.0.0.1:9/slack").channel();
        channels.add(acme, "Finance", ChannelKind.TEAMS, "http://127.0.0.1:9/teams");

        BudgetsView view = navigate(BudgetsView.class);
        test(view.create).click();
        BudgetDialog dialog = $(BudgetDialog.class).first();
        test(dialog.name).setValue("Team monthly");
        test(dialog.amount).setValue(new BigDecimal("100"));
        test(dialog.channels).selectItem("Ops (Slack)");
        test(dialog.save).click();

        assertThat(jdbc.sql("select channel_id from budget_channel").query(Long.class).list()).containsExactly(slack.id());
        test(view.grid).clickRow(0);
        BudgetDialog reopened = $(BudgetDialog.class).last();
        assertThat(reopened.channels.getValue()).extracting(AlertChannel::name).containsExactly("Ops");
    }
}
