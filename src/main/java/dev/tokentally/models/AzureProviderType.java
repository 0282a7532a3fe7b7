package dev.tokentally.models;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PricedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Azure OpenAI: a deployment is called (by the chat and Test connection alike) at its own URL with the connection's
 * api-version, with its key or an Entra ID token; it is priced as the catalog model it serves, or at its own price.
 */
@Component
class AzureProviderType implements ProviderType {

    private static final Logger log = LoggerFactory.getLogger(AzureProviderType.class);

    private final AzureConnection azure;
    private final AzureEntraId entraId;
    private final OrganizationConnections own;

    AzureProviderType(AzureConnection azure, AzureEntraId entraId, OrganizationConnections own) {
        this.azure = azure;
        this.entraId = entraId;
        this.own = own;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.AZURE;
    }

    /** Azure's deployment URL, api-version query and api-key header (or Entra ID token) on LangChain4j's OpenAI model. */
    @Override
    public StreamingChatModel chatModel(ProviderConnections.Credentials credentials, CallSettings call, Duration timeout) {
        return OpenAiStreamingChatModel.builder().baseUrl(Urls.trimmed(credentials.baseUrl()) + "/openai/deployments/"
                        + call.deployment())
                .customHeaders(entraId.headers(credentials))
                .customQueryParams(Map.of("api-version", credentials.apiVersion()))
                .modelName(call.modelName()).temperature(call.temperature())
                .maxCompletionTokens(call.maxOutputTokens()).timeout(timeout).build();
    }

    /** {@code _BASE_URL}, {@code _API_KEY} (or Entra ID's {@code _TENANT_ID}, {@code _CLIENT_ID}, {@code _CLIENT_SECRET}), {@code _API_VERSION}, {@code _DEPLOYMENTS}. */
    @Override
    public void configureFrom(Environment from) {
        String prefix = "tokentally.providers.azure";
        String baseUrl = from.getProperty(prefix + ".base-url");
        String apiKey = from.getProperty(prefix + ".api-key");
        if (baseUrl == null || baseUrl.isBlank()) {
            return;
        }
        String apiVersion = from.getProperty(prefix + ".api-version");
        String tenantId = from.getProperty(prefix + ".tenant-id");
        if (tenantId != null && !tenantId.isBlank()) {
            // Entra ID client credentials instead of a key: the client secret is the connection's key.
            apiKey = from.getProperty(prefix + ".client-secret");
        }
        if (apiKey == null || apiKey.isBlank() || apiVersion == null || apiVersion.isBlank()) {
            log.warn("Azure OpenAI has a base URL in the environment but no API key (or Entra ID client secret) or API"
                    + " version; left as it was");
            return;
        }
        try {
            azure.configure(baseUrl, apiKey, apiVersion, from.getProperty(prefix + ".deployments"), tenantId,
                    from.getProperty(prefix + ".client-id"));
            log.info("Azure OpenAI enabled from the environment at {}", baseUrl);
        } catch (IllegalArgumentException | FieldRejectedException refused) {
            log.error("TOKENTALLY_PROVIDERS_AZURE_*: {}; left as it was", refused.getMessage());
        }
    }

    /** A deployment: an organization's is priced as its model; the platform's at its own price, else as its model. */
    @Override
    public Optional<PricedModel> priced(String connection, String name, PriceLookup prices) {
        return OrganizationConnections.owned(connection) ? own.deployedModel(connection, name).flatMap(prices::model)
                : azure.priceOverride(name).or(() -> azure.modelOf(name).flatMap(prices::model));
    }

    @Override
    public ChatModelChoice preferred(ChatModelChoice model) {
        return azure.preferred(model);
    }

    /** The models the platform's deployments serve. */
    @Override
    public Set<Long> demoModels(String connection, PriceLookup prices, int limit) {
        return connection.equals(kind().code()) ? azure.deployedModels() : Set.of();
    }

    @Override
    public String deployment(String name) {
        return name;
    }

    @Override
    public String sampleModel(String connection) {
        String deployments = azure.deploymentsText();
        return deployments == null ? "" : deployments.split("[=,]")[0].trim();
    }
}
