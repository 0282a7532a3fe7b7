package dev.tokentally.invoicing.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The wallet over the REST API: the key's organization only, paged transactions, top-ups by idempotency key. */
@TokentallyTest
class WalletApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;
    @Autowired
    Wallets wallets;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    final HttpClient http = HttpClient.newHttpClient();
    long acme;

    @BeforeEach
    void setUp() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        acme = fixtures.organization("acme");
    }

    @Test
    void the_wallet_shows_balance_mode_grants_and_auto_top_up_of_the_keys_organization_only() throws Exception {
        String acmeKey = fixtures.apiKey("acme").secret();
        String globexKey = fixtures.apiKey("globex").secret();
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, new BigDecimal("2"), new BigDecimal("20"), null));
        wallets.grant(acme, GrantKind.FREE, new BigDecimal("12.34"), Instant.parse("2026-12-31T23:00:00Z"), 1, "Trial", null, "t");

        JsonNode wallet = ok(get("/api/v1/wallet", acmeKey));
        assertThat(wallet.propertyNames()).containsExactly("balance", "currency", "mode", "grants", "auto_top_up");
        assertThat(wallet.get("balance").asString()).isEqualTo("12.340000");
        assertThat(wallet.get("currency").asString()).isEqualTo("EUR");
        assertThat(wallet.get("mode").asString()).isEqualTo("prepaid");
        assertThat(wallet.get("grants")).singleElement().satisfies(grant -> {
            assertThat(grant.propertyNames()).containsExactly("id", "kind", "amount", "remaining", "expires_at", "priority", "note");
            assertThat(grant.get("kind").asString()).isEqualTo("free");
            assertThat(grant.get("remaining").asString()).isEqualTo("12.340000");
            assertThat(grant.get("expires_at").asString()).isEqualTo("2026-12-31T23:00:00Z");
        });
        assertThat(wallet.get("auto_top_up").get("below").asString()).isEqualTo("2.00");
        assertThat(wallet.get("auto_top_up").get("amount").asString()).isEqualTo("20.00");

        JsonNode globex = ok(get("/api/v1/wallet", globexKey));
        assertThat(globex.get("balance").asString()).isEqualTo("0.000000");
        assertThat(globex.get("mode").asString()).isEqualTo("postpaid");
        assertThat(globex.get("grants")).isEmpty();
        assertThat(globex.get("auto_top_up").isNull()).isTrue();
        assertThat(get("/api/v1/wallet", "tt_not-a-key").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/wallet", null).statusCode()).isEqualTo(401);
    }

    @Test
    void transactions_come_newest_first_page_by_page_and_bad_paging_is_refused() throws Exception {
        String acmeKey = fixtures.apiKey("acme").secret();
        for (int i = 1; i <= 5; i++) {
            wallets.grant(acme, GrantKind.FREE, new BigDecimal(i), null, 0, "Grant " + i, null, "g" + i);
        }
        wallets.grant(fixtures.organization("globex"), GrantKind.FREE, BigDecimal.ONE, null, 0, null, null, "other");

        JsonNode first = ok(get("/api/v1/wallet/transactions?page=0&size=2", acmeKey));
        assertThat(first.get("total").asLong()).isEqualTo(5);
        assertThat(first.get("transactions")).extracting(entry -> entry.get("amount").asString())
                .containsExactly("5.000000", "4.000000");
        assertThat(first.get("transactions").get(0).get("balance_after").asString()).isEqualTo("15.000000");
        assertThat(first.get("transactions").get(0).get("kind").asString()).isEqualTo("grant");
        assertThat(first.get("next").asString()).isEqualTo("/api/v1/wallet/transactions?page=1&size=2");
        JsonNode last = ok(get(first.get("next").asString().replace("page=1", "page=2"), acmeKey));
        assertThat(last.get("transactions")).extracting(entry -> entry.get("amount").asString()).containsExactly("1.000000");
        assertThat(last.get("next").isNull()).isTrue();

        for (String bad : List.of("size=0", "size=201", "page=-1", "page=abc", "size=1.5")) {
            HttpResponse<String> refused = get("/api/v1/wallet/transactions?" + bad, acmeKey);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).as(bad).hasValue("application/problem+json");
        }
    }

    @Test
    void a_top_up_needs_the_billing_scope_and_a_key_and_is_issued_once_per_key() throws Exception {
        String ingestOnly = fixtures.apiKey("acme").secret();
        Fixtures.Key billingKey = fixtures.apiKey("acme", "billing key");
        RunAs.user(users, "admin@acme.test", () -> {
            apiKeys.updateSettings(billingKey.id(), new ApiKeySettings(Set.of(ApiKeySettings.INGEST, ApiKeySettings.BILLING),
                    List.of(), null, null, null, null));
            return null;
        });
        String key = billingKey.secret();

        assertThat(post(ingestOnly, "k-1", "{\"amount\":\"50.00\"}").statusCode()).as("no billing scope").isEqualTo(403);
        assertThat(post(null, "k-1", "{\"amount\":\"50.00\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> keyless = post(key, null, "{\"amount\":\"50.00\"}");
        assertThat(keyless.statusCode()).isEqualTo(400);
        assertThat(keyless.body()).contains("Idempotency-Key");
        for (String body : List.of("{}", "{\"amount\":\"0\"}", "{\"amount\":\"-1\"}", "{\"amount\":\"1.001\"}",
                "{\"amount\":\"1e9\"}", "{\"amount\":\"ten\"}", "not json")) {
            HttpResponse<String> refused = post(key, "k-bad", body);
            assertThat(refused.statusCode()).as(body).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type")).as(body).hasValue("application/problem+json");
        }
        assertThat(topUpInvoices()).as("nothing issued by refused requests").isZero();

        HttpResponse<String> created = post(key, "k-1", "{\"amount\":\"50.00\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode invoice = JSON.readTree(created.body());
        assertThat(invoice.get("bills").asString()).isEqualTo("top_up");
        assertThat(invoice.get("status").asString()).isEqualTo("issued");
        assertThat(invoice.get("number").asString()).isEqualTo("ACME-2026-0001");
        assertThat(invoice.get("subtotal").asString()).isEqualTo("50.00");
        assertThat(invoice.get("tax").asString()).isEqualTo("9.50");
        assertThat(invoice.get("total").asString()).isEqualTo("59.50");
        assertThat(invoice.get("lines")).singleElement().satisfies(line ->
                assertThat(line.get("description").asString()).isEqualTo("Prepaid credits"));
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/invoices/" + invoice.get("id").asLong());

        HttpResponse<String> again = post(key, "k-1", "{\"amount\":\"50\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("id").asLong()).isEqualTo(invoice.get("id").asLong());
        HttpResponse<String> conflict = post(key, "k-1", "{\"amount\":\"60.00\"}");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(topUpInvoices()).isOne();
        assertThat(ok(get("/api/v1/wallet", key)).get("balance").asString()).as("credits only once paid").isEqualTo("0.000000");

        String globexKey = fixtures.apiKey("globex").secret();
        assertThat(get("/api/v1/invoices/" + invoice.get("id").asLong(), globexKey).statusCode()).isEqualTo(404);
    }

    @Test
    void the_openapi_document_describes_the_wallet_calls_and_their_scopes() throws Exception {
        JsonNode document = JSON.readTree(get("/v3/api-docs", null).body());

        assertThat(document.get("paths").propertyNames()).contains("/api/v1/wallet", "/api/v1/wallet/transactions",
                "/api/v1/wallet/top-ups");
        assertThat(document.get("paths").get("/api/v1/wallet/top-ups").get("post").get("description").asString())
                .contains("Scopes: ingest and billing", "Idempotency-Key");
        assertThat(document.get("info").get("description").asString()).contains("'billing'");
    }

    private long topUpInvoices() {
        return jdbc.sql("select count(*) from invoice where bills = 'TOP_UP'").query(Long.class).single();
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String key, String idempotencyKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/wallet/top-ups"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
