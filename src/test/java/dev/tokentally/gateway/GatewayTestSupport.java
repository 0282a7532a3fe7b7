package dev.tokentally.gateway;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.tokentally.chat.providers.ProviderCircuits;
import dev.tokentally.chat.providers.ProviderConnections;
import dev.tokentally.organizations.ApiKeys;
import dev.tokentally.usage.api.ApiKeyTestSupport;
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
    ProviderConnections connections;
    @Autowired
    ProviderCircuits circuits;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    ApiKeyTestSupport keys;
    String acmeKey;

    @BeforeEach
    void connectProvidersAndCreateKey() {
        circuits.reset();
        fakes.connect(connections, users);
        keys = new ApiKeyTestSupport(apiKeys, jdbc, users);
        acmeKey = keys.create("acme");
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

    JsonNode parse(String body) {
        return json.readTree(body);
    }

    Map<String, Object> event(String idempotencyKey) {
        return jdbc.sql("""
                        select id::text as id, source, provider, model, input_tokens, cached_input_tokens, cache_write_5m_tokens,
                               cache_write_1h_tokens, output_tokens, reasoning_tokens, billed_cost, billed_currency, estimated,
                               user_id, external_user, agent, session_ref, metadata::text as metadata
                        from usage_event where idempotency_key = ?""")
                .param(idempotencyKey).query().singleRow();
    }

    int gatewayEvents() {
        return jdbc.sql("select count(*) from usage_event where source = 'GATEWAY'").query(Integer.class).single();
    }

    BigDecimal gatewaySpend() {
        return jdbc.sql("select coalesce(sum(billed_cost), 0) from usage_event where source = 'GATEWAY'")
                .query(BigDecimal.class).single();
    }

    long organization(String slug) {
        return jdbc.sql("select id from organization where slug = ?").param(slug).query(Long.class).single();
    }
}
