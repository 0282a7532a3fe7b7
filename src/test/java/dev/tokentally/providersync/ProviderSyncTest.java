package dev.tokentally.providersync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.mail.channels.ChannelEvent;
import dev.tokentally.mail.channels.ChannelKind;
import dev.tokentally.mail.channels.ChannelSender;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RecordingSleeper;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.testsupport.WebhookReceiver;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;

/** The sync jobs against faithful fakes of OpenRouter's, OpenAI's and Anthropic's admin APIs. */
@TokentallyTest
class ProviderSyncTest {

    static WireMockServer fake = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Autowired
    ProviderAccounts accounts;
    @Autowired
    PriceSync priceSync;
    @Autowired
    UsageSync usageSync;
    @Autowired
    ProviderConnections connections;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    RecordingSleeper sleeper;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    AlertChannels channels;
    @Autowired
    ChannelSender sender;
    @Value("${local.server.port}")
    int port;

    final WebhookReceiver receiver = new WebhookReceiver();

    @BeforeAll
    static void start() {
        fake.start();
    }

    @AfterAll
    static void stop() {
        fake.stop();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void reset() {
        fake.resetAll();
        clock.set(Instant.parse("2026-11-20T12:00:00Z"));
    }

    @Test
    void the_price_sync_leaves_openrouter_alone_where_nobody_uses_it() {
        assertThat(priceSync.run()).isEqualTo("skipped: OpenRouter is neither enabled for chat nor a sync account");
        fake.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/models")));
    }

    @Test
    void a_price_change_at_openrouter_makes_exactly_one_new_version_and_unchanged_prices_none() {
        // An organization's account only makes the job run; the prices come from the platform's OpenRouter address.
        RunAs.user(users, "admin@acme.test", () -> accounts.save(null, new ProviderAccounts.Change(acme(), "openrouter",
                "Acme OpenRouter", null, "sk-or-admin-0001", null, null, true)));
        RunAs.user(users, "root@tokentally.test", () -> connections.update(ProviderKind.OPENROUTER,
                new ProviderConnectionChange(false, fake.baseUrl() + "/api/v1", null, 60)));
        fake.stubFor(get(urlPathEqualTo("/api/v1/models")).willReturn(okJson("""
                {"data": [
                  {"id": "openai/gpt-4o-mini", "name": "OpenAI: GPT-4o-mini", "created": 1721260800, "context_length": 128000,
                   "pricing": {"prompt": "0.0000002", "completion": "0.0000006", "request": "0", "image": "0",
                               "input_cache_read": "0.000000075", "input_cache_write": "0", "internal_reasoning": "0",
                               "web_search": "0.01", "discount": 0}},
                  {"id": "openai/gpt-4o", "name": "OpenAI: GPT-4o", "context_length": 128000,
                   "pricing": {"prompt": "0.0000025", "completion": "0.00001", "input_cache_read": "0.00000125",
                               "audio": "0.00004", "input_audio_cache": "0"}},
                  {"id": "meta-llama/llama-3.1-8b-instruct", "name": "Llama", "pricing": {"prompt": "0.00000002", "completion": "0.00000005"}}
                ]}""")));

        assertThat(priceSync.run()).isEqualTo("added 0, changed 1, unchanged 1");
        assertThat(priceSync.run()).isEqualTo("added 0, changed 0, unchanged 2");

        assertThat(jdbc.sql("""
                select string_agg(p.source || ' ' || p.input, ', ' order by p.effective_from) from model_price p
                join model m on m.id = p.model_id join provider pr on pr.id = m.provider_id
                where pr.code = 'openrouter' and m.name = 'openai/gpt-4o-mini'""").query(String.class).single())
                .isEqualTo("CATALOG 0.150000000000, SYNC 0.200000000000");
        assertThat(jdbc.sql("select count(*) from model where name = 'meta-llama/llama-3.1-8b-instruct'").query(Long.class).single())
                .isZero();
    }

    @Test
    void an_org_admin_cannot_redirect_an_account_and_a_new_address_needs_the_key_again() {
        long account = account("openai");
        assertThatThrownBy(() -> RunAs.user(users, "admin@acme.test", () -> accounts.save(account, new ProviderAccounts.Change(
                acme(), "openai", "openai main", "https://collector.example", "", null, null, true))))
                .hasMessage("Only a platform admin can point an account at another address");
        assertThatThrownBy(() -> RunAs.user(users, "root@tokentally.test", () -> accounts.save(account, new ProviderAccounts.Change(
                acme(), "openai", "openai main", "https://gateway.example", "", null, null, true))))
                .hasMessage("Enter the admin key again when changing the address");
        assertThatThrownBy(() -> RunAs.user(users, "admin@acme.test", () -> accounts.save(null, new ProviderAccounts.Change(
                acme(), "openai", "mine", "http://10.0.0.5:8080", "sk-admin-0002", null, null, true))))
                .hasMessage("Only a platform admin can point an account at another address");
        assertThat(RunAs.user(users, "admin@acme.test", () -> accounts.save(account, new ProviderAccounts.Change(
                acme(), "openai", "renamed", fake.baseUrl(), "", null, null, true))).name()).isEqualTo("renamed");
    }

    @Test
    void openai_usage_over_three_pages_imports_what_we_missed_once_however_often_it_runs() {
        long account = account("openai");
        record("gpt-4o-mini", TokenCounts.of(1_000, 500), "2026-11-15T09:00:00Z");
        stubOpenAiPages();

        String first = usageSync.runAccount(account);
        String second = usageSync.runAccount(account);

        assertThat(first).isEqualTo("3 usage pages, 1 cost pages, 3 days imported, 0 mismatches");
        assertThat(second).isEqualTo("3 usage pages, 1 cost pages, 0 days imported, 0 mismatches");
        assertThat(jdbc.sql("select count(*) from usage_event where source = 'SYNC'").query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select distinct u.email || ' ' || e.agent from usage_event e join app_user u on u.id = e.user_id "
                + "where e.source = 'SYNC'").query(String.class).list()).as("attributed as the account says")
                .containsExactly("alice@acme.test unattributed");
        assertThat(jdbc.sql("""
                select input_tokens || '/' || cached_input_tokens || '/' || output_tokens from usage_event
                where source = 'SYNC' and occurred_at = '2026-11-15T00:00:00Z'""").query(String.class).single())
                .as("the provider's 3,000/1,000/1,500 less our 1,000/0/500").isEqualTo("2000/1000/1000");
        assertThat(jdbc.sql("select count(*) from reconciliation where status = 'MATCH'").query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select their_cost_usd from reconciliation where day = '2026-11-15'").query(BigDecimal.class).single())
                .isEqualByComparingTo("0.001275");
    }

    @Test
    void when_the_provider_revises_a_settled_day_the_next_run_imports_exactly_what_it_adds() {
        long account = account("openai");
        stubOpenAiPages();
        usageSync.runAccount(account);
        // The provider now reports more for 15 November than it did when we imported it.
        fake.stubFor(get(urlPathEqualTo("/v1/organization/usage/completions")).withQueryParam("page", absent()).willReturn(okJson("""
                {"object": "page", "data": [{"object": "bucket", "start_time": 1794700800, "end_time": 1794787200,
                  "results": [{"object": "organization.usage.completions.result", "input_tokens": 9000,
                    "input_cached_tokens": 1000, "output_tokens": 1500, "num_model_requests": 4,
                    "model": "gpt-4o-mini-2024-07-18"}]}],
                 "has_more": true, "next_page": "page_2"}""")));

        assertThat(usageSync.runAccount(account)).startsWith("3 usage pages, 1 cost pages, 1 days imported");
        assertThat(usageSync.runAccount(account)).startsWith("3 usage pages, 1 cost pages, 0 days imported");
        assertThat(jdbc.sql("select our_tokens || ' ' || their_tokens from reconciliation where day = '2026-11-15'")
                .query(String.class).single()).isEqualTo("10500 10500");
        assertThat(jdbc.sql("select input_tokens from usage_event where source = 'SYNC' and occurred_at = '2026-11-15T00:00:00Z' "
                + "order by input_tokens").query(Long.class).list())
                .as("the first import, then only the 6,000 input tokens the correction adds").containsExactly(3000L, 6000L);
        assertThat(jdbc.sql("select count(*) from usage_event where source = 'SYNC'").query(Long.class).single()).isEqualTo(4);
    }

    @Test
    void dated_snapshots_of_one_model_are_added_up() {
        long account = account("openai");
        fake.stubFor(get(urlPathEqualTo("/v1/organization/usage/completions")).willReturn(okJson("""
                {"object": "page", "data": [{"object": "bucket", "start_time": 1794700800, "end_time": 1794787200,
                  "results": [
                    {"object": "organization.usage.completions.result", "input_tokens": 1000, "input_cached_tokens": 0,
                     "output_tokens": 100, "num_model_requests": 1, "model": "gpt-4o-2024-08-06"},
                    {"object": "organization.usage.completions.result", "input_tokens": 2000, "input_cached_tokens": 0,
                     "output_tokens": 200, "num_model_requests": 2, "model": "gpt-4o-2024-11-20"}]}],
                 "has_more": false, "next_page": null}""")));
        fake.stubFor(get(urlPathEqualTo("/v1/organization/costs")).willReturn(okJson(
                "{\"object\": \"page\", \"data\": [], \"has_more\": false, \"next_page\": null}")));

        usageSync.runAccount(account);

        assertThat(jdbc.sql("select model || ' ' || input_tokens || ' ' || output_tokens || ' ' || requests from provider_usage")
                .query(String.class).single()).isEqualTo("gpt-4o 3000 300 3");
    }

    @Test
    void a_failure_in_the_middle_of_page_two_is_resumed_there_with_no_gap_and_no_duplicate() {
        long account = account("openai");
        stubOpenAiPages();
        fake.stubFor(get(urlPathEqualTo("/v1/organization/usage/completions")).withQueryParam("page", equalTo("page_2"))
                .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"object\": \"page\", \"data\": [{\"object\": \"bucket\", \"start_time\": 17631"))
                .willSetStateTo("fixed"));

        assertThatThrownBy(() -> usageSync.runAccount(account)).hasMessageContaining("invalid or truncated JSON");
        assertThat(jdbc.sql("select count(*) from provider_usage").query(Long.class).single()).as("page 1 only").isEqualTo(1);
        assertThat(jdbc.sql("select next_page from sync_cursor").query(String.class).single()).isEqualTo("page_2");
        assertThat(jdbc.sql("select status || ': ' || error from sync_run").query(String.class).single()).startsWith("FAILED: ");

        usageSync.runAccount(account);

        assertThat(jdbc.sql("select count(*) from provider_usage").query(Long.class).single()).isEqualTo(3);
        fake.verify(1, getRequestedFor(urlPathEqualTo("/v1/organization/usage/completions")).withQueryParam("page", absent()));
        assertThat(jdbc.sql("select count(*) from sync_cursor").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from usage_event where source = 'SYNC'").query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void a_429_waits_as_long_as_retry_after_says_and_then_succeeds() {
        long account = account("openai");
        stubOpenAiPages();
        fake.stubFor(get(urlPathEqualTo("/v1/organization/costs")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("retry-after", "2")
                        .withBody("{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"rate_limit_exceeded\"}}"))
                .willSetStateTo("calm"));

        assertThat(usageSync.runAccount(account)).startsWith("3 usage pages, 1 cost pages");
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void server_errors_are_tried_again_after_a_growing_pause() {
        long account = account("openai");
        stubOpenAiPages();
        fake.stubFor(get(urlPathEqualTo("/v1/organization/costs")).inScenario("down").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still down"));
        fake.stubFor(get(urlPathEqualTo("/v1/organization/costs")).inScenario("down").whenScenarioStateIs("still down")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));

        assertThat(usageSync.runAccount(account)).startsWith("3 usage pages, 1 cost pages");
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void anthropic_costs_in_cents_and_an_injected_difference_shows_as_a_mismatch_with_both_amounts() {
        long account = account("anthropic");
        // Our ledger: 1,000 uncached input, 200 cache reads, 500 output; Anthropic counts 800 uncached.
        recordAnthropic(new TokenCounts(1_000, 200, 0, 0, 500, 0, 1), "2026-11-16T10:00:00Z");
        stubAnthropicDayWithFewerInputTokens();

        assertThat(usageSync.runAccount(account)).endsWith("0 days imported, 1 mismatches");

        fake.verify(getRequestedFor(urlPathEqualTo("/v1/organizations/usage_report/messages"))
                .withHeader("x-api-key", equalTo("sk-ant-admin-test-key-0001")).withHeader("anthropic-version", equalTo("2023-06-01")));
        assertThat(jdbc.sql("select cost_usd from provider_cost").query(BigDecimal.class).single()).isEqualByComparingTo("0.010506");
        assertThat(jdbc.sql("select status || ' ' || our_tokens || ' ' || their_tokens || ' ' || their_cost_usd from reconciliation")
                .query(String.class).single()).isEqualTo("MISMATCH 1700 1500 0.010506");
    }

    @Test
    void openrouters_record_of_a_chat_generation_is_kept_beside_our_one_event() {
        long account = account("openrouter");
        long acme = acme();
        recorder.record(acme, new ReportedCall("gen-1763856000-abc", "openrouter", "openai/gpt-4o-mini", TokenCounts.of(10, 15),
                Attribution.of(null, null, null, "7"), null, Instant.parse("2026-11-19T10:00:00Z"), null, null, false, UsageSource.CHAT));
        fake.stubFor(get(urlPathEqualTo("/api/v1/generation")).withQueryParam("id", equalTo("gen-1763856000-abc")).willReturn(okJson("""
                {"data": {"id": "gen-1763856000-abc", "model": "openai/gpt-4o-mini", "provider_name": "OpenAI",
                  "created_at": "2026-11-19T10:00:00.433273+00:00", "tokens_prompt": 10, "tokens_completion": 25,
                  "native_tokens_prompt": 10, "native_tokens_completion": 25, "native_tokens_reasoning": 5,
                  "native_tokens_cached": 3, "total_cost": 0.0015, "usage": 0.0015, "upstream_inference_cost": 0.0012,
                  "cache_discount": null, "is_byok": false, "streamed": true, "cancelled": false, "latency": 1250,
                  "generation_time": 1200, "finish_reason": "stop", "external_user": null, "session_id": null}}""")));

        assertThat(usageSync.runAccount(account)).isEqualTo("1 generations checked, 1 differ from our counts");
        assertThat(usageSync.runAccount(account)).isEqualTo("0 generations checked, 0 differ from our counts");

        assertThat(jdbc.sql("select tokens_completion || ' ' || total_cost_usd from generation_check").query(String.class).single())
                .isEqualTo("25 0.0015");
        assertThat(jdbc.sql("select count(*) from usage_event").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_settled_mismatch_is_announced_once_to_the_channels_however_often_the_sync_runs() {
        long account = account("anthropic");
        AlertChannels.Added hook = RunAs.user(users, "admin@acme.test",
                () -> channels.add(acme(), "Finance system", ChannelKind.WEBHOOK, receiver.url("/finance")));
        RunAs.user(users, "admin@acme.test", () -> channels.add(acme(), "Invoices only", ChannelKind.WEBHOOK, receiver.url("/invoices"),
                EnumSet.of(ChannelEvent.INVOICE_ISSUED)));
        recordAnthropic(new TokenCounts(1_000, 200, 0, 0, 500, 0, 1), "2026-11-16T10:00:00Z");
        stubAnthropicDayWithFewerInputTokens();

        usageSync.runAccount(account);
        usageSync.runAccount(account);
        clock.advance(Duration.ofMinutes(10));
        usageSync.runAccount(account);
        assertThat(sender.sendDue()).isEqualTo(1);

        JsonNode event = WebhookReceiver.verified(receiver.requests("/finance").getFirst(), hook.secret(), clock.instant());
        assertThat(receiver.requests("/finance")).hasSize(1);
        assertThat(receiver.requests("/invoices")).isEmpty();
        assertThat(event.get("type").asString()).isEqualTo("reconciliation.mismatch");
        assertThat(event.get("data").get("account").get("name").asString()).isEqualTo("anthropic main");
        JsonNode mismatch = event.get("data").get("mismatches").get(0);
        assertThat(event.get("data").get("mismatches")).hasSize(1);
        assertThat(mismatch.get("day").asString()).isEqualTo("2026-11-16");
        assertThat(mismatch.get("model").asString()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(mismatch.get("status").asString()).isEqualTo("MISMATCH");
        assertThat(mismatch.get("our_tokens").asLong()).isEqualTo(1700);
        assertThat(mismatch.get("their_tokens").asLong()).isEqualTo(1500);
        assertThat(mismatch.get("their_cost_usd").asString()).isEqualTo("0.010506");
        var match = WebhookReceiver.matchesDocumentedSchema(port, event);
        assertThat(match.isExactMatch()).as(match.getSubEvents().toString()).isTrue();
    }

    /** Anthropic's report of 16 November: 800 uncached input tokens, 200 cache reads, 500 output, USD 0.010506. */
    private void stubAnthropicDayWithFewerInputTokens() {
        fake.stubFor(get(urlPathEqualTo("/v1/organizations/usage_report/messages")).willReturn(okJson("""
                {"data": [{"starting_at": "2026-11-16T00:00:00Z", "ending_at": "2026-11-17T00:00:00Z",
                  "results": [{"uncached_input_tokens": 800, "cache_read_input_tokens": 200,
                    "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
                    "output_tokens": 500, "server_tool_use": {"web_search_requests": 0},
                    "model": "claude-sonnet-4-20250514", "service_tier": "standard", "context_window": "0-200k",
                    "workspace_id": null, "api_key_id": null}]}],
                 "has_more": false, "next_page": null}""")));
        fake.stubFor(get(urlPathEqualTo("/v1/organizations/cost_report")).willReturn(okJson("""
                {"data": [{"starting_at": "2026-11-16T00:00:00Z", "ending_at": "2026-11-17T00:00:00Z",
                  "results": [{"currency": "USD", "amount": "1.0506", "workspace_id": null, "description": "Claude Sonnet 4 Usage - Input Tokens",
                               "cost_type": "tokens", "context_window": "0-200k", "model": "claude-sonnet-4-20250514",
                               "service_tier": "standard", "token_type": "uncached_input_tokens"}]}],
                 "has_more": false, "next_page": null}""")));

    }

    private void stubOpenAiPages() {
        String[] days = {"1794700800", "1794787200", "1794873600"}; // 15, 16, 17 November 2026, UTC
        for (int page = 1; page <= 3; page++) {
            String body = """
                    {"object": "page", "data": [{"object": "bucket", "start_time": %s, "end_time": %d,
                      "results": [{"object": "organization.usage.completions.result", "input_tokens": 3000,
                        "input_cached_tokens": 1000, "output_tokens": 1500, "input_audio_tokens": 0, "output_audio_tokens": 0,
                        "num_model_requests": 3, "project_id": null, "user_id": null, "api_key_id": null,
                        "model": "gpt-4o-mini-2024-07-18", "batch": null}]}],
                     "has_more": %s, "next_page": %s}"""
                    .formatted(days[page - 1], Long.parseLong(days[page - 1]) + 86_400, page < 3, page < 3 ? "\"page_" + (page + 1) + "\"" : "null");
            var request = get(urlPathEqualTo("/v1/organization/usage/completions"));
            request = page == 1 ? request.withQueryParam("page", absent()) : request.withQueryParam("page", equalTo("page_" + page));
            fake.stubFor(request.willReturn(okJson(body)));
        }
        fake.stubFor(get(urlPathEqualTo("/v1/organization/costs")).willReturn(okJson("""
                {"object": "page", "data": [{"object": "bucket", "start_time": 1794700800, "end_time": 1794787200,
                  "results": [{"object": "organization.costs.result", "amount": {"value": 0.000375, "currency": "usd"},
                               "line_item": "gpt-4o-mini-2024-07-18, input", "project_id": null},
                              {"object": "organization.costs.result", "amount": {"value": 0.0009, "currency": "usd"},
                               "line_item": "gpt-4o-mini-2024-07-18, output", "project_id": null}]}],
                 "has_more": false, "next_page": null}""")));
    }

    private long account(String provider) {
        String key = provider.equals("anthropic") ? "sk-ant-admin-test-key-0001" : "sk-admin-test-key-0001";
        return RunAs.user(users, "root@tokentally.test", () -> accounts.save(null, new ProviderAccounts.Change(acme(), provider,
                provider + " main", fake.baseUrl(), key, alice(), "unattributed", true))).id();
    }

    private void record(String model, TokenCounts tokens, String at) {
        recorder.record(acme(), new ReportedCall("ours-" + at, "openai", model, tokens, Attribution.of(null, null, null, null), null,
                Instant.parse(at), null, null, false, UsageSource.API));
    }

    private void recordAnthropic(TokenCounts tokens, String at) {
        recorder.record(acme(), new ReportedCall("ours-" + at, "anthropic", "claude-sonnet-4-20250514", tokens, Attribution.of(null, null, null,
                null), null, Instant.parse(at), null, null, false, UsageSource.API));
    }

    private long alice() {
        return fixtures.user("alice@acme.test");
    }

    private long acme() {
        return fixtures.organization("acme");
    }
}
