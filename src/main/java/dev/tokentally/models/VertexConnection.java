package dev.tokentally.models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PricedModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google Vertex AI: a project, a region and a service account's JSON key, sealed as the connection's key and exchanged
 * for OAuth2 access tokens by google-auth (which signs the JWT assertion, keeps the token and fetches a new one shortly
 * before it expires). Vertex serves the catalog's Gemini models (Google's) and Anthropic's Claude models, allowed and
 * priced as those; clients call them as {@code vertex/<model>}, and the chat reaches Claude through
 * {@link VertexClaudeChatModel}.
 */
@Service
@Validated
@Transactional
public class VertexConnection {

    /** What only Vertex has; {@code serviceAccountJson} null keeps the stored key. */
    public record Settings(
            @Pattern(regexp = "^([a-z][a-z0-9-]{4,61}[a-z0-9])?$", message = "A Google Cloud project id, as my-project-123")
            String project,
            @Pattern(regexp = "^([a-z][a-z0-9-]{1,40})?$", message = "A Google Cloud region, as europe-west4 or global")
            String region,
            @Size(max = 20_000, message = "A service account key has at most 20,000 characters") String serviceAccountJson,
            boolean preferred) {

        /** Without the key: a record would print it. */
        @Override
        public String toString() {
            return "Settings[" + project + ", " + region + ", key " + (serviceAccountJson == null ? "kept" : "replaced")
                    + (preferred ? ", preferred" : "") + "]";
        }
    }

    /** Where a call goes: the address of the project's region, below which Vertex's models answer. */
    public record Target(String project, String region, String locationUrl) {

        /** Vertex's OpenAI-compatible API, which serves Gemini models named {@code google/<model>}. */
        public String openAiBaseUrl() {
            return locationUrl + "/endpoints/openapi";
        }

        /** A publisher's model ({@code google}, {@code anthropic}), before its method ({@code :rawPredict}). */
        public String publisherModelUrl(String publisher, String model) {
            return locationUrl + "/publishers/" + publisher + "/models/" + model;
        }
    }

    /** Vertex's address when no base URL overrides it: the region's own host. */
    static final String REGIONAL_URL = "https://{region}-aiplatform.googleapis.com";
    /** The {@code anthropic_version} Vertex wants in a Claude request's body, in place of Anthropic's header. */
    public static final String ANTHROPIC_VERSION = "vertex-2023-10-16";
    /** The catalog providers whose models Vertex serves. */
    public static final String GOOGLE = "google";
    public static final String ANTHROPIC = "anthropic";
    private static final String VERTEX = ProviderKind.VERTEX.code();
    private static final String TABLE = "vertex_connection";
    private static final JsonMapper REFUSALS = JsonMapper.builder().build();
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

    private final JdbcClient jdbc;
    private final ProviderConnections connections;
    private final PriceLookup prices;
    private final ReferenceChanges references;
    private final ReferenceCache<String, Optional<Settings>> settings;
    /** The credentials of the stored key, kept so that google-auth can keep its token between calls. */
    private final AtomicReference<SignedIn> signedIn = new AtomicReference<>();

    VertexConnection(JdbcClient jdbc, ProviderConnections connections, PriceLookup prices, ReferenceChanges references) {
        this.jdbc = jdbc;
        this.connections = connections;
        this.prices = prices;
        this.references = references;
        this.settings = references.cache(1, TABLE, ProviderConnections.TABLE);
    }

    /**
     * @throws FieldRejectedException naming the field at fault; nothing is saved then
     */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public ProviderConnection save(@Valid ProviderConnectionChange change, @Valid Settings settings) {
        String json = blankToNull(settings.serviceAccountJson());
        if (json != null) {
            parse(json);
        }
        store(blankToNull(settings.project()), blankToNull(settings.region()), change.enabled());
        connections.setPreferred(VERTEX, settings.preferred());
        return connections.update(VERTEX, new ProviderConnectionChange(change.enabled(), change.baseUrl(), json,
                change.timeoutSeconds()), "project " + settings.project() + ", region " + settings.region()
                + (settings.preferred() ? ", preferred" : ""));
    }

    /** The project and region as stored (the key is never shown back); empty ones before the first save. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public Settings settings() {
        boolean preferred = connections.find(VERTEX).map(ProviderConnection::preferred).orElse(false);
        return stored().map(stored -> new Settings(stored.project(), stored.region(), null, preferred))
                .orElse(new Settings(null, null, null, preferred));
    }

    /** Vertex from the environment ({@code TOKENTALLY_PROVIDERS_VERTEX_*}): enabled with that project, region and key. */
    void configure(String project, String region, String serviceAccountJson, String baseUrl) {
        parse(serviceAccountJson);
        store(blankToNull(project), blankToNull(region), true);
        connections.configure(ProviderKind.VERTEX, baseUrl, serviceAccountJson);
    }

    /** Where calls go now; empty when Vertex is off. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<Target> target() {
        return connections.credentials(VERTEX).flatMap(credentials -> stored().map(stored -> {
            String base = Urls.trimmed(credentials.baseUrl());
            if (base.equals(REGIONAL_URL)) {
                base = "global".equals(stored.region()) ? "https://aiplatform.googleapis.com"
                        : REGIONAL_URL.replace("{region}", stored.region());
            }
            return new Target(stored.project(), stored.region(), base + "/v1/projects/" + stored.project() + "/locations/"
                    + stored.region());
        }));
    }

    /**
     * An access token for the stored service account, from google-auth's cache or the key's token endpoint.
     *
     * @throws ProviderUnavailableException when Vertex is off or Google issues no token
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public String accessToken() {
        String json = connections.credentials(VERTEX).map(ProviderConnections.Credentials::apiKey)
                .orElseThrow(() -> new ProviderUnavailableException("Google Vertex AI is switched off"));
        SignedIn current = signedIn.get();
        if (current == null || !current.json.equals(json)) {
            current = new SignedIn(json, parse(json).createScoped(SCOPES));
            signedIn.set(current);
        }
        try {
            current.credentials.refreshIfExpired();
            return current.credentials.getAccessToken().getTokenValue();
        } catch (IOException refused) {
            throw new ProviderUnavailableException("Google issued no access token for Vertex AI's service account: "
                    + refused.getMessage());
        }
    }

    /**
     * The catalog model {@code vertex/<name>} calls among those the organization allows (a Gemini or Claude model, or a
     * dated snapshot of one), with its name on Vertex as its deployment.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<ChatModelChoice> model(List<ChatModelChoice> allowed, String name) {
        return priced(name).flatMap(priced -> allowed.stream()
                .filter(model -> !model.embedding() && model.modelId() == priced.modelId()).findFirst()
                .map(model -> model.via(ProviderKind.VERTEX, VERTEX, ANTHROPIC.equals(model.providerCode())
                        ? vertexName(name) : catalogName(name))));
    }

    /**
     * A LangChain4j model for a Claude model on Vertex ({@code :streamRawPredict} when {@code streamed}, else
     * {@code :rawPredict}), with a token of the service account for this call.
     *
     * @throws ProviderUnavailableException when Vertex is off or Google issues no token
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public StreamingChatModel claude(ProviderConnections.Credentials credentials, CallSettings call, boolean streamed) {
        Target at = target().orElseThrow(() -> new ProviderUnavailableException("Google Vertex AI has no project and region"));
        String model = call.deployment() != null ? call.deployment() : vertexName(call.modelName());
        return new VertexClaudeChatModel(at.publisherModelUrl(ANTHROPIC, model), accessToken(), call,
                java.time.Duration.ofSeconds(credentials.timeoutSeconds()), streamed);
    }

    /** Whether a model of that name on Vertex is Anthropic's (Vertex's Claude models are all named claude-…). */
    public static boolean isClaude(String name) {
        return name != null && name.startsWith("claude");
    }

    /**
     * The model as it is called: a Gemini or Claude model of the catalog goes through Vertex when a platform admin
     * marks Vertex preferred (Claude under Vertex's name for it, {@code claude-sonnet-4-5@20250929}).
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public ChatModelChoice preferred(ChatModelChoice model) {
        boolean own = model.connection().equals(model.providerCode());
        boolean claude = ANTHROPIC.equals(model.providerCode());
        if (!own || model.embedding() || !(GOOGLE.equals(model.providerCode()) || claude)
                || connections.credentials(VERTEX).filter(ProviderConnections.Credentials::preferred).isEmpty()) {
            return model;
        }
        return model.via(ProviderKind.VERTEX, VERTEX, claude ? vertexName(model.name()) : model.name());
    }

    /** The catalog's Gemini or Claude model of that name (Vertex's or the catalog's spelling), as it is priced. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<PricedModel> priced(String name) {
        String catalogName = catalogName(name);
        return prices.model(GOOGLE, catalogName).or(() -> prices.model(ANTHROPIC, catalogName));
    }

    /** The message of Vertex's refusal (Google's error object, or a list of one). */
    public static String reason(String body) {
        try {
            JsonNode error = REFUSALS.readTree(body);
            JsonNode detail = (error.isArray() ? error.path(0) : error).path("error");
            return detail.path("message").asString(detail.path("status").asString("no reason given"));
        } catch (RuntimeException unreadable) {
            return "no reason given";
        }
    }

    /** A Claude model's name on Vertex: its snapshot date after an at sign. */
    static String vertexName(String name) {
        return catalogName(name).replaceFirst("-([0-9]{8})$", "@$1");
    }

    /** Vertex names Claude's snapshots with an at sign ({@code claude-sonnet-4-5@20250929}); the catalog with a dash. */
    static String catalogName(String name) {
        return name.replace('@', '-');
    }

    private Optional<Settings> stored() {
        return settings.get(TABLE, all -> jdbc.sql("select project, region from vertex_connection where provider_code = ?")
                .param(VERTEX).query((rs, row) -> new Settings(rs.getString(1), rs.getString(2), null, false)).optional());
    }

    private void store(String project, String region, boolean enabled) {
        if (project == null || region == null) {
            if (enabled) {
                throw new FieldRejectedException(project == null ? "project" : "region",
                        "Vertex AI needs a project and a region before it can be enabled");
            }
            return;
        }
        jdbc.sql("""
                        insert into vertex_connection (provider_code, project, region) values (?, ?, ?)
                        on conflict (provider_code) do update set project = excluded.project, region = excluded.region""")
                .params(VERTEX, project, region).update();
        references.changed(TABLE);
    }

    /** @throws FieldRejectedException when the text is not a service account's JSON key */
    private static ServiceAccountCredentials parse(String json) {
        try {
            return ServiceAccountCredentials.fromStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException malformed) {
            throw new FieldRejectedException("serviceAccountJson", "Not a service account's JSON key (download one under"
                    + " IAM → Service accounts → Keys in the Google Cloud console)");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** A key and the credentials google-auth made of it; no toString, which would print the key. */
    private static final class SignedIn {

        private final String json;
        private final GoogleCredentials credentials;

        SignedIn(String json, GoogleCredentials credentials) {
            this.json = json;
            this.credentials = credentials;
        }
    }
}
