package dev.tokentally.gateway;

import java.util.List;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.base.Roles;
import org.springframework.beans.factory.annotation.Value;
import dev.tokentally.base.TokentallyProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What a member needs to point an application at the gateway: its address and the model names to send. */
@Service
public class GatewayGuide {

    private final ModelRoutes routes;
    private final CurrentUser currentUser;
    private final String baseUrl;

    GatewayGuide(ModelRoutes routes, CurrentUser currentUser, TokentallyProperties settings) {
        String baseUrl = settings.baseUrl();
        this.routes = routes;
        this.currentUser = currentUser;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The root an Anthropic SDK takes; OpenAI SDKs take it with {@code /v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The names the signed-in member's organization may send as {@code model}. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public List<String> modelNames() {
        return routes.available(currentUser.require().organizationId(), ApiKeySettings.DEFAULTS).stream()
                .map(ModelRoutes::clientName).toList();
    }
}
