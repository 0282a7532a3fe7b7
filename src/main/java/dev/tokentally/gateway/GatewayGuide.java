package dev.tokentally.gateway;

import java.util.List;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.base.Roles;
import dev.tokentally.base.TokentallyProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What a member needs to point an application at the gateway: its address and the model names to send. */
@Service
public class GatewayGuide {

    private final ModelRoutes routes;
    private final CurrentUser currentUser;
    /** {@code tokentally.public-url}, empty when unset; changeable for tests, which share one application context. */
    private volatile String publicUrl;
    private final String configuredBaseUrl;

    GatewayGuide(ModelRoutes routes, CurrentUser currentUser, TokentallyProperties settings) {
        this.routes = routes;
        this.currentUser = currentUser;
        this.publicUrl = settings.publicUrl() == null ? "" : settings.publicUrl();
        this.configuredBaseUrl = settings.baseUrl();
    }

    /**
     * The root an Anthropic SDK takes (OpenAI SDKs take it with {@code /v1}): the configured public URL, else the address
     * the browser reached this page at, else (no browser request at hand) {@code tokentally.base-url}.
     */
    public String baseUrl(String browserAddress) {
        String base = !publicUrl.isBlank() ? publicUrl : browserAddress != null ? browserAddress : configuredBaseUrl;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The names the signed-in member's organization may send as {@code model}. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public List<String> modelNames() {
        return routes.available(currentUser.require().organizationId(), ApiKeySettings.DEFAULTS).stream()
                .map(routes::clientName).toList();
    }
}
