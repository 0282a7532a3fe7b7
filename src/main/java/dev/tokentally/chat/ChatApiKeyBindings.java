package dev.tokentally.chat;

import java.util.List;

import dev.tokentally.apikeys.ApiKeyBindings;
import dev.tokentally.models.ModelAccess;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The models and agents an organization's API keys may be bound to, for {@code organizations}. */
@Component
@Transactional(readOnly = true)
class ChatApiKeyBindings implements ApiKeyBindings {

    private final ModelAccess models;
    private final AgentRepository agents;

    ChatApiKeyBindings(ModelAccess models, AgentRepository agents) {
        this.models = models;
        this.agents = agents;
    }

    @Override
    public List<Model> models(long organizationId) {
        return models.allowedBy(organizationId).stream().map(model -> new Model(model.providerCode(), model.name())).toList();
    }

    @Override
    public List<String> agentNames(long organizationId) {
        return agents.findByOrganizationIdOrderByName(organizationId).stream().map(Agent::getName).toList();
    }
}
