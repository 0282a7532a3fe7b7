package dev.tokentally.gateway;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.budgets.Budget;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.models.ProviderCircuits;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the gateway's tests share: the provider fakes switched on, an Acme key, HTTP calls and the ledger's rows. */
abstract class GatewayTestSupport {

    @RegisterExtension
    static final GatewayFakes fakes = new GatewayFakes();

    @Value("${local.server.port}")
    int port;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ProviderConnections connections;
    @Autowired
    ProviderCircuits circuits;
    @Autowired
    ModelAccess modelAccess;
    @Autowired
    PriceLookup prices;

    @Autowired
    Budgets budgets;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    String acmeKey;
    long acmeKeyId;

    @BeforeEach
    void connectProvidersAndCreateKey() {
        circuits.reset();
        fakes.connect(connections, users);
        Fixtures.Key key = fixtures.apiKey("acme");
        acmeKey = key.secret();
        acmeKeyId = key.id();
    }

    /** Connects Google Gemini to the fake and lets Acme call its embedding model gemini-embedding-001. */
    void acmeMayEmbed() {
        fakes.connectGoogle(connections, users);
        long id = prices.model("google", "gemini-embedding-001").orElseThrow().modelId();
        RunAs.user(users, "admin@acme.test", () -> {
            modelAccess.setAllowed(organization("acme"), id, true);
            return null;
        });
    }

    HttpResponse<String> embeddings(String body) throws Exception {
        return post("/v1/embeddings", Map.of("Authorization", "Bearer " + acmeKey), body);
    }

    /** Gives the Acme key of this test these settings, as its organization's admin does. */
    void settle(ApiKeySettings settings) {
        long keyId = acmeKeyId();
        RunAs.user(users, "admin@acme.test", () -> {
            apiKeys.updateSettings(keyId, settings);
            return null;
        });
    }

    /** The id of this test's Acme key. */
    long acmeKeyId() {
        return acmeKeyId;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    HttpResponse<String> post(String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An OpenAI-style call with the Acme key as a bearer token. */
    HttpResponse<String> chat(String body) throws Exception {
        return post("/v1/chat/completions", Map.of("Authorization", "Bearer " + acmeKey), body);
    }

    /** An Anthropic-style call with the Acme key as x-api-key. */
    HttpResponse<String> messages(String body) throws Exception {
        return post("/v1/messages", Map.of("x-api-key", acmeKey, "anthropic-version", "2023-06-01"), body);
    }

    /** What the gateway answers to these bytes, read until it closes the connection or has sent its answer's body. */
    String rawExchange(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            for (int read; !seen.toString().contains("}}") && (read = socket.getInputStream().read(buffer)) > 0; ) {
                seen.append(new String(buffer, 0, read, java.nio.charset.StandardCharsets.UTF_8));
            }
            return seen.toString();
        }
    }

    JsonNode parse(String body) {
        return json.readTree(body);
    }

    Map<String, Object> event(String idempotencyKey) {
        return jdbc.sql("""
                        select id::text as id, source, provider, model, input_tokens, cached_input_tokens, cache_write_5m_tokens,
                               cache_write_1h_tokens, output_tokens, reasoning_tokens, billed_cost, billed_currency, estimated,
                               user_id, external_user, agent, session_ref, metadata::text as metadata, api_key_id,
                               raw_cost_usd, wire_format, connection
                        from usage_event where idempotency_key in (?, ?)""")
                .params(idempotencyKey, UsageSource.GATEWAY_KEY_PREFIX + idempotencyKey).query().singleRow();
    }

    /** The event an answer's x-tokentally-event-id names (calls without a provider response id get a generated key). */
    Map<String, Object> eventWithId(String eventId) {
        return event(jdbc.sql("select idempotency_key from usage_event where id = ?::uuid").param(eventId)
                .query(String.class).single());
    }

    int gatewayEvents() {
        return jdbc.sql("select count(*) from usage_event where source = 'GATEWAY'").query(Integer.class).single();
    }

    BigDecimal gatewaySpend() {
        return jdbc.sql("select coalesce(sum(billed_cost), 0) from usage_event where source = 'GATEWAY'")
                .query(BigDecimal.class).single();
    }

    long organization(String slug) {
        return fixtures.organization(slug);
    }

    /** Every answer a fresh id, using its whole output limit. */
    void providerAnswersWithItsFullLimit() {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(GatewayFakes.openAiCompletion(
                "chatcmpl-{{randomValue type='UUID'}}", """
                        {"prompt_tokens":1,"completion_tokens":1000,"total_tokens":1001}""")).withTransformers("response-template")));
    }

    /** A hard monthly budget on Acme of this amount, as its admin creates it. */
    Budget hardBudget(BigDecimal amount) {
        return RunAs.user(users, "admin@acme.test", () -> {
            Budget budget = new Budget();
            budget.setName("Acme monthly");
            budget.setScope(Budget.Scope.ORGANIZATION);
            budget.setPeriod(Budget.Period.MONTHLY);
            budget.setAmount(amount);
            budget.setThresholds("100");
            budget.setEnforcement(Budget.Enforcement.HARD);
            return budgets.save(organization("acme"), budget);
        });
    }

    /** A hard monthly budget for Acme with room for {@code calls} more calls of {@code cost} each (and a half). */
    Budget hardBudgetWithRoomFor(int calls, BigDecimal cost) {
        Budget saved = hardBudget(new BigDecimal("1000000"));
        // At the 6 decimals a budget holds, rounded as PostgreSQL rounds numeric.
        BigDecimal amount = spentOf(saved).add(cost.multiply(BigDecimal.valueOf(calls))).add(cost.divide(BigDecimal.TWO))
                .setScale(6, RoundingMode.HALF_UP);
        saved.setAmount(amount);
        return RunAs.user(users, "admin@acme.test", () -> budgets.save(organization("acme"), saved));
    }

    BigDecimal spentOf(Budget budget) {
        return RunAs.user(users, "admin@acme.test", () -> budgets.list(organization("acme")).stream()
                .filter(s -> s.budget().getId().equals(budget.getId())).findFirst().orElseThrow().spent().amount());
    }
}
