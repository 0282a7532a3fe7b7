package dev.tokentally.models;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PricedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Amazon Bedrock: a region, signed with an access key pair or the default AWS credentials; models named by their Bedrock ids. */
@Component
class BedrockProviderType implements ProviderType {

    private static final Logger log = LoggerFactory.getLogger(BedrockProviderType.class);

    private final BedrockConnection bedrock;

    BedrockProviderType(BedrockConnection bedrock) {
        this.bedrock = bedrock;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.BEDROCK;
    }

    @Override
    public StreamingChatModel chatModel(ProviderConnections.Credentials credentials, CallSettings call, Duration timeout) {
        return bedrock.model(credentials, call, true);
    }

    /** {@code _REGION} enables Bedrock, signed with {@code _ACCESS_KEY_ID} and {@code _SECRET_ACCESS_KEY} or the default chain. */
    @Override
    public void configureFrom(Environment from) {
        String prefix = "tokentally.providers.bedrock";
        String region = from.getProperty(prefix + ".region");
        if (region == null || region.isBlank()) {
            return;
        }
        try {
            bedrock.configure(region, from.getProperty(prefix + ".access-key-id"), from.getProperty(prefix + ".secret-access-key"),
                    from.getProperty(prefix + ".base-url"));
            log.info("Amazon Bedrock enabled from the environment in {}", region);
        } catch (IllegalArgumentException | FieldRejectedException refused) {
            log.error("TOKENTALLY_PROVIDERS_BEDROCK_*: {}; left as it was", refused.getMessage());
        }
    }

    /** Every model listed under the connection. */
    @Override
    public Set<Long> demoModels(String connection, PriceLookup prices, int limit) {
        return prices.modelsOf(connection, limit).stream().map(CatalogModel::id).collect(Collectors.toSet());
    }

    @Override
    public String connectingVariable(String connection) {
        return "TOKENTALLY_PROVIDERS_BEDROCK_REGION";
    }

    /** A catalog name or a Bedrock model id ({@code anthropic.claude-…}). */
    @Override
    public Optional<PricedModel> priced(String connection, String name, PriceLookup prices) {
        return prices.model(connection, BedrockConnection.catalogName(name));
    }

    @Override
    public String sampleModel(String connection) {
        return "anthropic.claude-sonnet-4-5-20250929-v1:0";
    }
}
