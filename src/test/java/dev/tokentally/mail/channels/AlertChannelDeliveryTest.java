package dev.tokentally.mail.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.net.OutboundAddresses;
import dev.tokentally.base.net.OutboundHttp;
import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Channel messages through the outbox to WireMock playing Slack, Teams and a webhook receiver. */
@TokentallyTest
class AlertChannelDeliveryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Autowired
    AlertChannels channels;
    @Autowired
    ChannelSender sender;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    SecretBox secrets;
    @Autowired
    CurrentUser currentUser;
    @Autowired
    AuditLog audit;
    @Autowired
    OutboundAddresses addresses;
    @Autowired
    OutboundHttp outbound;

    @BeforeEach
    void start() {
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    @Test
    void slack_gets_a_block_kit_message() {
        AlertChannels.Added slack = asAdmin(() -> channels.add(acme(), "Ops Slack", ChannelKind.SLACK, url()));
        asAdmin(() -> {
            channels.sendTest(acme(), slack.channel().id());
            return null;
        });

        assertThat(sender.sendDue()).isEqualTo(1);

        JsonNode body = onlyBody();
        assertThat(slack.secret()).isNull();
        assertThat(body.get("text").asString()).isEqualTo("Test message from Tokentally");
        assertThat(body.get("blocks").get(0).get("type").asString()).isEqualTo("header");
        assertThat(body.get("blocks").get(1).get("text").get("type").asString()).isEqualTo("mrkdwn");
        assertThat(body.get("blocks").get(1).get("text").get("text").asString()).contains("Ops Slack");
        assertThat(deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.status()).isEqualTo("Sent");
            assertThat(delivery.attempts()).isEqualTo(1);
        });
    }

    @Test
    void teams_gets_an_adaptive_card() {
        AlertChannels.Added teams = asAdmin(() -> channels.add(acme(), "Finance Teams", ChannelKind.TEAMS, url()));
        asAdmin(() -> {
            channels.sendTest(acme(), teams.channel().id());
            return null;
        });

        assertThat(sender.sendDue()).isEqualTo(1);

        JsonNode body = onlyBody();
        assertThat(body.get("type").asString()).isEqualTo("message");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.get("content").get("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(attachment.get("content").get("body").get(0).get("text").asString()).isEqualTo("Test message from Tokentally");
    }

    @Test
    void a_webhook_is_signed_so_the_receiver_can_verify_it_and_refuse_replays() {
        AlertChannels.Added webhook = asAdmin(() -> channels.add(acme(), "Billing system", ChannelKind.WEBHOOK, url()));
        asAdmin(() -> {
            channels.sendTest(acme(), webhook.channel().id());
            return null;
        });
        Instant sentAt = clock.instant();

        assertThat(sender.sendDue()).isEqualTo(1);

        LoggedRequest request = onlyRequest();
        String header = request.getHeader(WebhookSignature.HEADER);
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        // As a receiver does it: split the header, recompute the HMAC over "t.body" with the secret, check the age.
        long timestamp = Long.parseLong(header.substring(2, header.indexOf(',')));
        String signature = header.substring(header.indexOf("v1=") + 3);
        String rawBody = request.getBodyAsString();
        assertThat(receiverHmac(webhook.secret(), timestamp + "." + rawBody)).isEqualTo(signature);
        assertThat(receiverHmac("whsec_wrong", timestamp + "." + rawBody)).isNotEqualTo(signature);
        assertThat(Math.abs(sentAt.getEpochSecond() - timestamp)).isLessThanOrEqualTo(300);
        JsonNode body = JSON.readTree(rawBody);
        assertThat(body.get("type").asString()).isEqualTo("test");
        assertThat(body.get("id").asString()).startsWith("evt_");
        assertThat(body.get("data").get("channel").asString()).isEqualTo("Billing system");
    }

    @Test
    void url_and_secret_are_sealed_at_rest() {
        AlertChannels.Added webhook = asAdmin(() -> channels.add(acme(), "Billing system", ChannelKind.WEBHOOK, url()));

        var stored = jdbc.sql("select sealed_url, sealed_secret from alert_channel where id = ?").param(webhook.channel().id())
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2))).single();
        assertThat(stored.get(0)).doesNotContain("127.0.0.1").doesNotContain("/hook");
        assertThat(stored.get(1)).doesNotContain(webhook.secret());
        assertThat(secrets.open(stored.get(0))).isEqualTo(url());
        assertThat(secrets.open(stored.get(1))).isEqualTo(webhook.secret());
    }

    @Test
    void a_receiver_that_is_down_gets_the_message_once_when_it_is_back() {
        AlertChannels.Added webhook = asAdmin(() -> channels.add(acme(), "Billing system", ChannelKind.WEBHOOK, url()));
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(503)));
        asAdmin(() -> {
            channels.sendTest(acme(), webhook.channel().id());
            return null;
        });

        assertThat(sender.sendDue()).isZero();
        assertThat(deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.status()).isEqualTo("Retrying (1 failed)");
            assertThat(delivery.lastError()).isEqualTo("The receiver answered HTTP 503");
        });
        // Not due again before the pause is over.
        assertThat(sender.sendDue()).isZero();
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        clock.advance(Duration.ofSeconds(31));
        assertThat(sender.sendDue()).isZero();
        assertThat(deliveries().getFirst().lastError()).startsWith("Could not reach the receiver");

        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        clock.advance(Duration.ofMinutes(2));
        assertThat(sender.sendDue()).isEqualTo(1);
        clock.advance(Duration.ofHours(2));
        assertThat(sender.sendDue()).isZero();

        // Two refused attempts and the one the receiver took; nothing after it.
        receiver.verify(3, postRequestedFor(urlPathEqualTo("/hook")));
        assertThat(deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.status()).isEqualTo("Sent");
            assertThat(delivery.attempts()).isEqualTo(3);
            assertThat(delivery.lastError()).isNull();
        });
    }

    @Test
    void a_private_address_is_refused_unless_the_platform_admin_allows_it() {
        AlertChannels.Added added = asAdmin(() -> channels.add(acme(), "Internal", ChannelKind.WEBHOOK, url()));
        asAdmin(() -> {
            channels.sendTest(acme(), added.channel().id());
            return null;
        });
        addresses.allowPrivateAddresses(false);
        try {
            assertThatThrownBy(() -> asAdmin(() -> channels.add(acme(), "Internal 2", ChannelKind.WEBHOOK, url())))
                    .isInstanceOf(FieldRejectedException.class).hasMessageContaining("private, link-local or loopback");
            assertThat(jdbc.sql("select count(*) from alert_channel").query(Long.class).single()).isOne();

            // Added while allowed, then the setting is turned off: the sender refuses to connect to it too.
            assertThat(sender.sendDue()).isZero();
        } finally {
            addresses.allowPrivateAddresses(true);
        }
        receiver.verify(0, postRequestedFor(urlPathEqualTo("/hook")));
        assertThat(deliveries().getFirst().lastError()).contains("private, link-local or loopback");
    }

    @Test
    void a_receiver_that_hangs_delays_no_other_and_gets_its_message_later_through_the_outbox() throws Exception {
        WireMockServer hanging = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        hanging.start();
        try {
            hanging.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200).withFixedDelay(6_000)));
            String hangingUrl = "http://127.0.0.1:" + hanging.port() + "/hook";
            // The hanging receiver's message is the older one: one after the other, it would be sent first.
            AlertChannels.Added slow = asAdmin(() -> channels.add(acme(), "Slow receiver", ChannelKind.WEBHOOK, hangingUrl));
            asAdmin(() -> {
                channels.sendTest(acme(), slow.channel().id());
                return null;
            });
            AlertChannels.Added quick = asAdmin(() -> channels.add(acme(), "Quick receiver", ChannelKind.SLACK, url()));
            asAdmin(() -> {
                channels.sendTest(acme(), quick.channel().id());
                return null;
            });
            ChannelSender shortTimeout = new ChannelSender(jdbc, secrets, outbound, new AlertChannelProperties(Duration.ofSeconds(3)), clock);

            CompletableFuture<Integer> round = CompletableFuture.supplyAsync(shortTimeout::sendDue);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.findAll(postRequestedFor(urlPathEqualTo("/hook"))).isEmpty());
            assertThat(delivery("Slow receiver").attempts()).as("the quick one got its message while the slow one still waits")
                    .isZero();
            assertThat(round.get(30, TimeUnit.SECONDS)).isOne();

            assertThat(delivery("Quick receiver").status()).isEqualTo("Sent");
            assertThat(delivery("Slow receiver")).satisfies(delivery -> {
                assertThat(delivery.status()).isEqualTo("Retrying (1 failed)");
                assertThat(delivery.lastError()).startsWith("Could not reach the receiver");
            });
            hanging.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
            clock.advance(Duration.ofSeconds(31));
            assertThat(shortTimeout.sendDue()).isOne();
            assertThat(delivery("Slow receiver").status()).isEqualTo("Sent");
            receiver.verify(1, postRequestedFor(urlPathEqualTo("/hook")));
        } finally {
            hanging.stop();
        }
    }

    private ChannelDelivery delivery(String channel) {
        return deliveries().stream().filter(delivery -> delivery.channel().equals(channel)).findFirst().orElseThrow();
    }

    @Test
    void a_channel_receives_only_the_events_it_chose_and_must_choose_one() {
        AlertChannels.Added webhook = asAdmin(() -> channels.add(acme(), "Billing system", ChannelKind.WEBHOOK, url()));
        assertThat(webhook.channel().events()).containsExactlyInAnyOrder(ChannelEvent.values());

        assertThatThrownBy(() -> asAdmin(() -> channels.chooseEvents(acme(), webhook.channel().id(), java.util.Set.of())))
                .isInstanceOf(FieldRejectedException.class).hasMessage("Choose at least one event");
        AlertChannel chosen = asAdmin(() -> channels.chooseEvents(acme(), webhook.channel().id(),
                java.util.EnumSet.of(ChannelEvent.INVOICE_ISSUED)));
        assertThat(chosen.events()).containsExactly(ChannelEvent.INVOICE_ISSUED);
        assertThat(asAdmin(() -> channels.list(acme())).getFirst().events()).containsExactly(ChannelEvent.INVOICE_ISSUED);
        asAdmin(() -> {
            channels.sendTest(acme(), webhook.channel().id());
            return null;
        });

        // A test message reaches it whatever it chose.
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(deliveries()).extracting(ChannelDelivery::event).containsExactly("test");
    }

    @Test
    void a_name_with_control_characters_is_refused() {
        assertThatThrownBy(() -> asAdmin(() -> channels.add(acme(), "Ops\u0007 bell", ChannelKind.SLACK, url())))
                .isInstanceOf(FieldRejectedException.class).hasMessageContaining("control characters");
        assertThat(jdbc.sql("select count(*) from alert_channel").query(Long.class).single()).isZero();
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.port() + "/hook";
    }

    private List<ChannelDelivery> deliveries() {
        return asAdmin(() -> channels.deliveries(acme(), 0, 10));
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlPathEqualTo("/hook")));
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst().getHeader("Content-Type")).isEqualTo("application/json");
        return requests.getFirst();
    }

    private JsonNode onlyBody() {
        return JSON.readTree(onlyRequest().getBodyAsString());
    }

    /** What a receiver writes, with nothing from Tokentally's code. */
    private static String receiverHmac(String secret, String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private long acme() {
        return fixtures.organization("acme");
    }

    private <T> T asAdmin(java.util.function.Supplier<T> action) {
        return RunAs.user(users, "admin@acme.test", action);
    }
}
