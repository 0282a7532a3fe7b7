package dev.tokentally.gateway;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * Refuses what would make a provider charge beyond the tokens the ledger prices: server-side tools (web search,
 * web fetch, code execution, MCP servers), the request fields that switch them on, and {@code anthropic-beta}
 * features the platform has not allowed. A platform admin may allow them ({@link GatewayLimits}).
 */
@Component
class PaidFeatures {

    /** Tool types that run on the caller's side, so that they cost only their tokens. */
    private static final List<String> CLIENT_TOOL_TYPES = List.of("function", "custom", "computer_", "bash_2", "text_editor_2",
            "memory_2");
    /** Request fields that switch on a provider's paid server-side features. */
    private static final Set<String> SERVER_FEATURE_FIELDS = Set.of("mcp_servers", "container", "web_search_options", "plugins");

    private final GatewayLimits limits;

    PaidFeatures(GatewayLimits limits) {
        this.limits = limits;
    }

    /** @throws GatewayException 400 naming the first feature that is not allowed */
    void check(CallFields fields, HttpServletRequest request) {
        if (!limits.allowServerTools()) {
            for (String type : fields.toolTypes()) {
                if (CLIENT_TOOL_TYPES.stream().noneMatch(type::startsWith)) {
                    throw refused("The tool type '" + type + "' runs on the provider's side, which charges for it beyond"
                            + " tokens; this gateway does not allow server-side tools.");
                }
            }
            for (String field : fields.topLevelFields()) {
                if (SERVER_FEATURE_FIELDS.contains(field)) {
                    throw refused("'" + field + "' switches on a provider feature that is charged beyond tokens; this gateway"
                            + " does not allow it.");
                }
            }
        }
        String betas = request.getHeader("anthropic-beta");
        if (betas != null) {
            for (String beta : betas.split(",")) {
                String name = beta.trim();
                if (!name.isEmpty() && !limits.anthropicBetas().contains(name)) {
                    throw refused("The anthropic-beta feature '" + name + "' is not allowed through this gateway: a beta can"
                            + " switch on what no price covers. Allowed: " + String.join(", ", limits.anthropicBetas()) + ".");
                }
            }
        }
    }

    private static GatewayException refused(String message) {
        return new GatewayException(GatewayException.Kind.INVALID, message + " A platform admin can allow it"
                + " (TOKENTALLY_GATEWAY_ALLOW_SERVER_TOOLS, TOKENTALLY_GATEWAY_ANTHROPIC_BETAS).");
    }
}
