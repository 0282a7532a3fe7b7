package dev.tokentally.models;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Azure OpenAI with Microsoft Entra ID client credentials: a connection with a tenant and a client id authenticates
 * with a bearer token that its client secret (the connection's sealed key) gets from the tenant's token endpoint
 * ({@code <authority>/<tenant>/oauth2/v2.0/token}, scope {@code https://cognitiveservices.azure.com/.default}); the token
 * is kept per connection until shortly before it expires. A connection without them sends its key as {@code api-key}.
 */
@Component
@Transactional(propagation = Propagation.SUPPORTS)
@EnableConfigurationProperties(AzureEntraProperties.class)
public class AzureEntraId {

    /** A tenant (its id or one of its domains) and an application's client id, as V45 checks them. */
    public record Ids(String tenantId, String clientId) {
    }

    static final String TABLE = "azure_entra_id";
    static final String TENANT = "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
            + "|[a-zA-Z0-9-]+(\\.[a-zA-Z0-9-]+)+)$";
    static final String CLIENT = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    static final String SCOPE = "https://cognitiveservices.azure.com/.default";
    /** A token is fetched again this long before Entra ID says it expires, so that no call carries a stale one. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final ReferenceChanges references;
    private final ReferenceCache<String, Optional<Ids>> ids;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The current token of each connection; one entry per connection, replaced when its credentials change. */
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile String authority;

    AzureEntraId(JdbcClient jdbc, ReferenceChanges references, Clock clock, AzureEntraProperties properties) {
        this.jdbc = jdbc;
        this.references = references;
        this.clock = clock;
        this.ids = references.cache(100, TABLE);
        this.authority = properties.authorityHost();
    }

    /** The connection's tenant and client id; empty when it authenticates with its API key. */
    public Optional<Ids> ids(String connection) {
        return ids.get(connection, code -> jdbc.sql("select tenant_id, client_id from azure_entra_id where provider_code = ?")
                .param(code).query((rs, row) -> new Ids(rs.getString(1), rs.getString(2))).optional());
    }

    /**
     * The headers that authenticate a call to the Azure connection: its bearer token, or its key as {@code api-key}.
     *
     * @throws ProviderUnavailableException when Entra ID issues no token (a wrong secret, tenant or client id)
     */
    public Map<String, String> headers(ProviderConnections.Credentials credentials) {
        return ids(credentials.connection()).map(entra -> Map.of("Authorization", "Bearer " + token(credentials, entra)))
                .orElseGet(() -> credentials.apiKey() == null ? Map.of() : Map.of("api-key", credentials.apiKey()));
    }

    /** Stores the connection's ids (both blank: none, it uses its API key); @throws FieldRejectedException on a bad one */
    void store(String connection, String tenantId, String clientId) {
        String tenant = tenantId == null || tenantId.isBlank() ? null : tenantId.trim();
        String client = clientId == null || clientId.isBlank() ? null : clientId.trim();
        if (tenant == null && client == null) {
            jdbc.sql("delete from azure_entra_id where provider_code = ?").param(connection).update();
        } else if (tenant == null || !tenant.matches(TENANT)) {
            throw new FieldRejectedException("tenantId", "A directory (tenant) id, as 72f988bf-86f1-41af-91ab-2d7cd011db47,"
                    + " or the tenant's domain, with the client id");
        } else if (client == null || !client.matches(CLIENT)) {
            throw new FieldRejectedException("clientId", "An application (client) id, as 9a3e1f2b-4c5d-4e6f-8a7b-1c2d3e4f5a6b,"
                    + " with the tenant id");
        } else {
            jdbc.sql("""
                            insert into azure_entra_id (provider_code, tenant_id, client_id) values (?, ?, ?)
                            on conflict (provider_code) do update set tenant_id = excluded.tenant_id, client_id = excluded.client_id""")
                    .params(connection, tenant, client).update();
        }
        references.changed(TABLE);
    }

    /** Where tokens come from from now on (tests point it at a fake); @return the one before. */
    public String useAuthority(String replacement) {
        String before = authority;
        authority = replacement;
        return before;
    }

    private String token(ProviderConnections.Credentials credentials, Ids entra) {
        if (credentials.apiKey() == null) {
            throw new ProviderUnavailableException("Azure OpenAI has a tenant and a client id but no client secret");
        }
        String from = Urls.trimmed(authority) + "/" + URLEncoder.encode(entra.tenantId(), StandardCharsets.UTF_8)
                + "/oauth2/v2.0/token";
        String fingerprint = fingerprint(from, entra.clientId(), credentials.apiKey());
        Instant now = clock.instant();
        return tokens.compute(credentials.connection(), (connection, current) -> current != null
                && current.fingerprint().equals(fingerprint) && now.isBefore(current.renewAt())
                ? current : fetch(from, entra.clientId(), credentials.apiKey(), fingerprint, now)).value();
    }

    private Token fetch(String from, String clientId, String secret, String fingerprint, Instant now) {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(SCOPE, StandardCharsets.UTF_8);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(from)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException unreachable) {
            throw new ProviderUnavailableException("Microsoft Entra ID could not be reached for Azure OpenAI's token");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("Interrupted while asking Microsoft Entra ID for a token");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (RuntimeException notJson) {
            answer = JSON.createObjectNode();
        }
        String token = answer.path("access_token").asString("");
        if (response.statusCode() != 200 || token.isEmpty()) {
            // Entra's description ends with trace and correlation ids after a line break; its first line says why.
            String why = answer.path("error_description").asString(answer.path("error").asString("no reason given"))
                    .split("\\R", 2)[0];
            throw new ProviderUnavailableException("Microsoft Entra ID refused Azure OpenAI's client credentials ("
                    + response.statusCode() + "): " + why);
        }
        long lifetime = Math.max(0, answer.path("expires_in").asLong(0));
        return new Token(fingerprint, token, now.plusSeconds(lifetime).minus(RENEW_BEFORE));
    }

    /** Which credentials a token was issued for, without keeping the secret itself. */
    private static String fingerprint(String from, String clientId, String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((from + "\n" + clientId + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A bearer token and when to fetch a new one; no toString, which would print the token. */
    private record Token(String fingerprint, String value, Instant renewAt) {
        @Override
        public String toString() {
            return "Token[renew at " + renewAt + "]";
        }
    }
}
