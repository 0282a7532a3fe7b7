package dev.tokentally.budgets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.mail.channels.ChannelEvent;
import dev.tokentally.mail.channels.ChannelKind;
import dev.tokentally.mail.channels.ChannelSender;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.testsupport.WebhookReceiver;
import dev.tokentally.usage.UsageRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A budget's alerts reach the channels it chose, once per period and threshold, beside its mail. */
@TokentallyTest
class BudgetChannelAlertsTest {

    final WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Autowired
    Budgets budgets;
    @Autowired
    BudgetChannels budgetChannels;
    @Autowired
    AlertChannels channels;
    @Autowired
    BudgetAlerts alerts;
    @Autowired
    ChannelSender sender;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Value("${local.server.port}")
    int port;

    BudgetTestSupport support;

    @BeforeEach
    void setUp() {
        support = new BudgetTestSupport(budgets, recorder, users, fixtures);
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo("/slack")).willReturn(aResponse().withStatus(200).withBody("ok")));
        receiver.stubFor(post(urlPathEqualTo("/webhook")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    @Test
    void a_threshold_crossed_reaches_each_chosen_channel_once() {
        Budget budget = support.monthly("Acme monthly", "10", Budget.Enforcement.SOFT);
        RunAs.user(users, "admin@acme.test", () -> {
            long slack = channels.add(support.acme(), "Ops", ChannelKind.SLACK, url("/slack")).channel().id();
            long webhook = channels.add(support.acme(), "Billing", ChannelKind.WEBHOOK, url("/webhook")).channel().id();
            channels.add(support.acme(), "Not chosen", ChannelKind.TEAMS, url("/teams"));
            return budgetChannels.save(support.acme(), budget, Set.of(slack, webhook));
        });

        spendAndCheck("5.50");
        spendAndCheck("0.10");
        alerts.check(support.acme());

        assertThat(sender.sendDue()).isEqualTo(2);
        assertThat(sender.sendDue()).isZero();
        receiver.verify(1, postRequestedFor(urlPathEqualTo("/slack")));
        receiver.verify(1, postRequestedFor(urlPathEqualTo("/webhook")));
        receiver.verify(0, postRequestedFor(urlPathEqualTo("/teams")));

        JsonNode event = JsonMapper.builder().build().readTree(
                receiver.findAll(postRequestedFor(urlPathEqualTo("/webhook"))).getFirst().getBodyAsString());
        assertThat(event.get("type").asString()).isEqualTo("budget.threshold_crossed");
        assertThat(event.get("data").get("budget").get("name").asString()).isEqualTo("Acme monthly");
        assertThat(event.get("data").get("threshold_percent").asInt()).isEqualTo(50);
        assertThat(new java.math.BigDecimal(event.get("data").get("limit").asString())).isEqualByComparingTo("10");
        assertThat(event.get("data").get("currency").asString()).isEqualTo("EUR");
        assertThat(event.get("data").get("period").get("start").asString()).isEqualTo("2026-11-01");
        var match = WebhookReceiver.matchesDocumentedSchema(port, event);
        assertThat(match.isExactMatch()).as(match.getSubEvents().toString()).isTrue();

        JsonNode slack = JsonMapper.builder().build().readTree(
                receiver.findAll(postRequestedFor(urlPathEqualTo("/slack"))).getFirst().getBodyAsString());
        assertThat(slack.get("text").asString()).isEqualTo("Acme monthly passed 50 % (EUR 5.50 of EUR 10.00)");
        assertThat(RunAs.user(users, "admin@acme.test", () -> budgetChannels.chosen(support.acme(), budget.getId())))
                .hasSize(2);
    }

    @Test
    void a_forecast_to_exceed_reaches_a_signed_webhook_once_unless_the_channel_left_that_event_out() {
        clock.set(Instant.parse("2026-11-10T10:00:00Z"));
        Budget budget = support.monthly("Acme monthly", "10", Budget.Enforcement.SOFT);
        AlertChannels.Added webhook = RunAs.user(users, "admin@acme.test", () -> {
            AlertChannels.Added added = channels.add(support.acme(), "Billing", ChannelKind.WEBHOOK, url("/webhook"));
            long thresholdsOnly = channels.add(support.acme(), "Thresholds only", ChannelKind.SLACK, url("/slack"),
                    EnumSet.of(ChannelEvent.BUDGET_THRESHOLD_CROSSED)).channel().id();
            budgetChannels.save(support.acme(), budget, Set.of(added.channel().id(), thresholdsOnly));
            return added;
        });

        // 4.50 of 10 after nine days and a half: under the first threshold, past the limit before the month ends.
        spendAndCheck("4.50");
        alerts.check(support.acme());

        assertThat(sender.sendDue()).isEqualTo(1);
        receiver.verify(0, postRequestedFor(urlPathEqualTo("/slack")));
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> received =
                receiver.findAll(postRequestedFor(urlPathEqualTo("/webhook")));
        assertThat(received).hasSize(1);
        JsonNode event = WebhookReceiver.verified(received.getFirst(), webhook.secret(), clock.instant());
        assertThat(event.get("type").asString()).isEqualTo("budget.forecast_exceeds");
        assertThat(event.get("data").get("projected_to_exceed_on").asString()).startsWith("2026-11-2");
        assertThat(event.get("data").has("threshold_percent")).isFalse();
        var match = WebhookReceiver.matchesDocumentedSchema(port, event);
        assertThat(match.isExactMatch()).as(match.getSubEvents().toString()).isTrue();
    }

    @Test
    void a_budget_cannot_choose_another_organizations_channel() {
        Budget budget = support.monthly("Acme monthly", "10", Budget.Enforcement.SOFT);
        long globex = fixtures.organization("globex");
        long foreign = RunAs.user(users, "admin@globex.test",
                () -> channels.add(globex, "Globex ops", ChannelKind.SLACK, url("/slack")).channel().id());

        List<String> refused = RunAs.user(users, "admin@acme.test", () -> {
            try {
                budgetChannels.save(support.acme(), budget, Set.of(foreign));
                return List.of();
            } catch (dev.tokentally.base.FieldRejectedException e) {
                return List.of(e.getMessage());
            }
        });
        assertThat(refused).containsExactly("No such channel in this organization");
        assertThat(jdbc.sql("select count(*) from budget_channel").query(Long.class).single()).isZero();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private void spendAndCheck(String eur) {
        support.spend(eur, clock.instant());
        alerts.lastCheck.join();
        alerts.check(support.acme());
    }
}
