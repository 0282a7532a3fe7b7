package dev.tokentally.models;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import jakarta.annotation.PreDestroy;
import jakarta.validation.Valid;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * AWS Bedrock: a region and an access key pair (the secret sealed as the connection's key) or, without one, the
 * default AWS credential chain; optionally another endpoint. Calls go through the AWS SDK's Converse and
 * ConverseStream APIs, which sign them (SigV4). The catalog's {@code bedrock} models are Bedrock's, named without
 * their vendor prefix ({@code claude-sonnet-4-5-20250929-v1:0} is {@code anthropic.claude-sonnet-4-5-20250929-v1:0});
 * clients may name a Bedrock model id ({@code bedrock/anthropic.…}, or an inference profile {@code bedrock/us.anthropic.…}).
 */
@Service
@Validated
@Transactional
public class BedrockConnection {

    /** What only Bedrock has: its region and the access key id (null: the default AWS credential chain). */
    public record Settings(
            @jakarta.validation.constraints.Pattern(regexp = "^(" + REGION + ")?$",
                    message = "An AWS region, as us-east-1") String region,
            @jakarta.validation.constraints.Pattern(regexp = "^(" + KEY_ID + ")?$",
                    message = "An access key id, as AKIAIOSFODNN7EXAMPLE") String accessKeyId) {
    }

    /** An AWS region ({@code us-east-1}) and an access key id, as V31 checks them too. */
    static final String REGION = "[a-z]{2}(-[a-z]+)+-[0-9]{1,2}";
    static final String KEY_ID = "[A-Z0-9]{16,128}";

    private static final String CODE = ProviderKind.BEDROCK.code();
    private static final String TABLE = "bedrock_connection";
    /** A Bedrock model id's region of an inference profile ({@code us.}) and vendor ({@code anthropic.}). */
    private static final Pattern PREFIXES = Pattern.compile("^((us|eu|apac|jp|au|ca|us-gov|global)\\.)?"
            + "(anthropic|meta|mistral|amazon|cohere|ai21|deepseek|openai|qwen|writer|google|nvidia|minimax|moonshot)\\.");
    /** The vendor a catalog name (without prefix) is Bedrock's under, by the name's start. */
    private static final Map<String, String> VENDORS = Map.of("claude", "anthropic", "llama", "meta", "mistral", "mistral",
            "mixtral", "mistral", "nova", "amazon", "titan", "amazon", "command", "cohere", "jamba", "ai21");

    private final JdbcClient jdbc;
    private final ProviderConnections connections;
    private final ReferenceChanges references;
    private final ReferenceCache<String, Optional<Settings>> settings;
    /** One client for the connection as it is now; replaced (and the old one closed) when it changes. */
    private volatile Client client;

    private record Client(ProviderConnections.Credentials credentials, Settings settings, BedrockRuntimeAsyncClient sdk) {
    }

    BedrockConnection(JdbcClient jdbc, ProviderConnections connections, ReferenceChanges references) {
        this.jdbc = jdbc;
        this.connections = connections;
        this.references = references;
        this.settings = references.cache(1, TABLE);
    }

    /** @throws FieldRejectedException naming the field at fault; nothing is saved then */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public ProviderConnection save(@Valid ProviderConnectionChange change, @Valid Settings changed) {
        String region = blankToNull(changed.region());
        String keyId = blankToNull(changed.accessKeyId());
        if (change.enabled() && region == null) {
            throw new FieldRejectedException("region", "Bedrock needs a region, as us-east-1");
        }
        boolean willHaveSecret = change.newApiKey() == null
                ? connections.find(CODE).map(ProviderConnection::hasApiKey).orElse(false) : !change.newApiKey().isBlank();
        if (keyId != null && !willHaveSecret) {
            throw new FieldRejectedException("newApiKey", "An access key id needs its secret access key");
        }
        if (keyId == null && willHaveSecret) {
            if (change.newApiKey() != null) {
                throw new FieldRejectedException("accessKeyId", "A secret access key needs its access key id");
            }
            // No key id any more: the default credential chain signs, and the stored secret goes.
            change = new ProviderConnectionChange(change.enabled(), change.baseUrl(), "", change.timeoutSeconds());
        }
        store(region, keyId);
        return connections.update(CODE, change, "region " + region + ", " + (keyId == null ? "default AWS credentials"
                : "access key " + keyId));
    }

    /** The region and access key id as stored; empty before the first save. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public Optional<Settings> settings() {
        return stored();
    }

    /** Bedrock from the environment ({@code TOKENTALLY_PROVIDERS_BEDROCK_*}): enabled in that region with that key pair. */
    void configure(String region, String accessKeyId, String secretAccessKey, String baseUrl) {
        Settings given = new Settings(region.trim(), blankToNull(accessKeyId));
        if (!given.region().matches(REGION)) {
            throw new FieldRejectedException("region", "'" + region + "' is not an AWS region, as us-east-1");
        }
        if (given.accessKeyId() != null && !given.accessKeyId().matches(KEY_ID)) {
            throw new FieldRejectedException("accessKeyId", "'" + accessKeyId + "' is not an AWS access key id");
        }
        if ((given.accessKeyId() == null) != (blankToNull(secretAccessKey) == null)) {
            throw new FieldRejectedException("accessKeyId", "an access key id and its secret access key come together");
        }
        store(given.region(), given.accessKeyId());
        connections.configure(ProviderKind.BEDROCK, baseUrl, secretAccessKey);
    }

    /** A LangChain4j model over Bedrock for the call: ConverseStream when {@code streamed}, else Converse. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public StreamingChatModel model(ProviderConnections.Credentials credentials, CallSettings call, boolean streamed) {
        return new BedrockChatModel(sdk(credentials), modelId(call.deployment() != null ? call.deployment() : call.modelName()),
                call, streamed);
    }

    /** The Bedrock model id of a catalog name: as it is when it has a vendor prefix, else with its vendor's. */
    public static String modelId(String name) {
        if (PREFIXES.matcher(name).find()) {
            return name;
        }
        return VENDORS.entrySet().stream().filter(vendor -> name.startsWith(vendor.getKey())).findFirst()
                .map(vendor -> vendor.getValue() + "." + name).orElse(name);
    }

    /** The catalog name of a Bedrock model id: without its inference profile's region and its vendor. */
    public static String catalogName(String modelId) {
        return PREFIXES.matcher(modelId).replaceFirst("");
    }

    private BedrockRuntimeAsyncClient sdk(ProviderConnections.Credentials credentials) {
        Settings current = stored().orElseThrow(() -> new ProviderUnavailableException("Bedrock has no region: a platform admin"
                + " sets it under Providers"));
        Client now = client;
        if (now != null && now.credentials().equals(credentials) && now.settings().equals(current)) {
            return now.sdk();
        }
        synchronized (this) {
            if (client != null && client.credentials().equals(credentials) && client.settings().equals(current)) {
                return client.sdk();
            }
            Client replaced = client;
            client = new Client(credentials, current, build(credentials, current));
            if (replaced != null) {
                replaced.sdk().close();
            }
            return client.sdk();
        }
    }

    /**
     * The SDK's own retries are off: the chat and the gateway retry as they do for every provider. The connection's
     * timeout bounds the silence between two pieces of an answer; the gateway's own timeouts apply besides.
     */
    private static BedrockRuntimeAsyncClient build(ProviderConnections.Credentials credentials, Settings settings) {
        AwsCredentialsProvider signer = settings.accessKeyId() == null || credentials.apiKey() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), credentials.apiKey()));
        var builder = BedrockRuntimeAsyncClient.builder().region(Region.of(settings.region())).credentialsProvider(signer)
                // HTTP/1.1, which Converse and ConverseStream speak, rather than HTTP/2 without negotiation: an endpoint
                // override (a proxy, a VPC endpoint over http) may not speak HTTP/2.
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)
                        .connectionTimeout(Duration.ofSeconds(10))
                        .readTimeout(Duration.ofSeconds(credentials.timeoutSeconds())))
                .overrideConfiguration(config -> config.retryStrategy(retry -> retry.maxAttempts(1)));
        if (credentials.baseUrl() != null) {
            builder.endpointOverride(URI.create(Urls.trimmed(credentials.baseUrl())));
        }
        return builder.build();
    }

    private Optional<Settings> stored() {
        return settings.get(TABLE, all -> jdbc.sql("select region, access_key_id from bedrock_connection where provider_code = ?")
                .param(CODE).query((rs, row) -> new Settings(rs.getString(1), rs.getString(2))).optional());
    }

    private void store(String region, String accessKeyId) {
        if (region == null) {
            jdbc.sql("delete from bedrock_connection where provider_code = ?").param(CODE).update();
        } else {
            jdbc.sql("""
                            insert into bedrock_connection (provider_code, region, access_key_id) values (?, ?, ?)
                            on conflict (provider_code) do update set region = excluded.region, access_key_id = excluded.access_key_id""")
                    .params(CODE, region, accessKeyId).update();
        }
        references.changed(TABLE);
    }

    @PreDestroy
    void close() {
        Client last = client;
        if (last != null) {
            last.sdk().close();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
