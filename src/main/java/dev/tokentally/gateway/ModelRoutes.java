package dev.tokentally.gateway;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.tokentally.chat.ChatModelChoice;
import dev.tokentally.chat.ModelAccess;
import dev.tokentally.chat.providers.ProviderKind;
import dev.tokentally.organizations.ApiKeySettings;
import dev.tokentally.pricing.PriceLookup;
import org.springframework.stereotype.Component;

/**
 * Finds the model a call names among those the organization and the key may use: a catalog name
 * ({@code gpt-4o-mini}), optionally prefixed by its provider ({@code openai/gpt-4o-mini},
 * {@code openrouter/openai/gpt-4o-mini}); a prefix that names a provider wins over a model name with a slash.
 */
@Component
class ModelRoutes {

    private final ModelAccess access;
    private final PriceLookup prices;

    ModelRoutes(ModelAccess access, PriceLookup prices) {
        this.access = access;
        this.prices = prices;
    }

    /** The models the key may call, under the name a client would send. */
    List<ChatModelChoice> available(long organizationId, ApiKeySettings settings) {
        return access.usableBy(organizationId).stream()
                .filter(model -> settings.allowsModel(model.provider().code(), model.name()))
                .sorted(Comparator.comparing(ModelRoutes::clientName))
                .toList();
    }

    /** The name listed in {@code /v1/models}: OpenRouter's models (named provider/model themselves) keep their prefix. */
    static String clientName(ChatModelChoice model) {
        return model.provider() == ProviderKind.OPENROUTER ? "openrouter/" + model.name() : model.name();
    }

    /**
     * @throws GatewayException 404 when the catalog knows no such model, 403 when the organization or key may not
     * use it, 400 when the endpoint does not speak the model's wire format
     */
    ChatModelChoice resolve(long organizationId, ApiKeySettings settings, String requested, Endpoint endpoint) {
        if (requested == null || requested.isBlank()) {
            throw new GatewayException(GatewayException.Kind.INVALID, "'model' is required");
        }
        List<ChatModelChoice> usable = access.usableBy(organizationId);
        Optional<ChatModelChoice> prefixed = usable.stream()
                .filter(model -> requested.equals(model.provider().code() + "/" + model.name())).findFirst();
        Optional<ChatModelChoice> found = prefixed.or(() -> usable.stream()
                .filter(model -> requested.equals(model.name()))
                .min(Comparator.comparing(ChatModelChoice::provider)));
        if (found.isEmpty()) {
            throw known(requested)
                    ? new GatewayException(GatewayException.Kind.PERMISSION, "The model '" + requested
                            + "' is not available to your organization; an organization admin can allow it under Chat models.")
                    : new GatewayException(GatewayException.Kind.NOT_FOUND, "The model '" + requested + "' does not exist.");
        }
        ChatModelChoice model = found.get();
        if (!settings.allowsModel(model.provider().code(), model.name())) {
            throw new GatewayException(GatewayException.Kind.PERMISSION, "This API key may not call '" + requested + "'.");
        }
        if (!speaks(model.provider(), endpoint)) {
            throw new GatewayException(GatewayException.Kind.INVALID, "'" + requested + "' is not served at /v1/"
                    + endpoint.path + (endpoint == Endpoint.MESSAGES ? "; call /v1/chat/completions." : "."));
        }
        return model;
    }

    /** Anthropic's Messages API is Anthropic's (and the demo's); every provider speaks OpenAI's chat format. */
    private static boolean speaks(ProviderKind provider, Endpoint endpoint) {
        return switch (endpoint) {
            case MESSAGES -> provider == ProviderKind.ANTHROPIC || provider == ProviderKind.DEMO;
            case CHAT_COMPLETIONS -> true;
            case EMBEDDINGS -> provider != ProviderKind.ANTHROPIC && provider != ProviderKind.DEMO;
        };
    }

    private boolean known(String requested) {
        return Arrays.stream(ProviderKind.values()).anyMatch(kind ->
                prices.model(kind.code(), requested).isPresent()
                        || requested.startsWith(kind.code() + "/")
                        && prices.model(kind.code(), requested.substring(kind.code().length() + 1)).isPresent());
    }
}
