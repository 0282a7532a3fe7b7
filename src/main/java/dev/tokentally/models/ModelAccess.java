package dev.tokentally.models;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceLookup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which models an organization's members may chat with, and its applications call through the gateway. A model
 * is offered when the organization allows it, the catalog has it enabled and its provider is switched on.
 * Embedding models may be allowed too; only the gateway offers them.
 */
@Service
@Transactional
public class ModelAccess {

    private static final String EMBEDDING = "embedding";

    private final JdbcClient jdbc;
    private final PriceLookup prices;
    private final ProviderConnections connections;
    private final AzureConnection azure;
    private final VertexConnection vertex;
    private final CurrentUser currentUser;
    private final AuditLog audit;

    /** Each organization's allowed models as the gateway asks for them on every call; dropped on every instance on change. */
    private final ReferenceCache<Long, List<ChatModelChoice>> allowedByOrganization;
    private final ReferenceChanges references;

    ModelAccess(JdbcClient jdbc, PriceLookup prices, ProviderConnections connections, AzureConnection azure, VertexConnection vertex,
                CurrentUser currentUser, AuditLog audit, ReferenceChanges references) {
        this.jdbc = jdbc;
        this.prices = prices;
        this.connections = connections;
        this.azure = azure;
        this.vertex = vertex;
        this.currentUser = currentUser;
        this.audit = audit;
        this.references = references;
        this.allowedByOrganization = references.cache(10_000, "allowed_model", "model", "provider",
                ProviderConnections.TABLE);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public Set<Long> allowedIds(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return new HashSet<>(jdbc.sql("select model_id from allowed_model where organization_id = ?")
                .param(organizationId).query(Long.class).list());
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void setAllowed(long organizationId, long modelId, boolean allowed) {
        currentUser.requireAccessTo(organizationId);
        CatalogModel model = prices.describe(modelId).orElseThrow(() -> new NotFoundException("No such model"));
        if (!Set.of("chat", EMBEDDING).contains(model.mode()) || connections.kindOf(model.providerCode()).isEmpty()) {
            throw new IllegalArgumentException(model.name() + " cannot be used in the chat");
        }
        int changed = allowed
                ? jdbc.sql("insert into allowed_model (organization_id, model_id) values (?, ?) on conflict do nothing")
                        .params(organizationId, modelId).update()
                : jdbc.sql("delete from allowed_model where organization_id = ? and model_id = ?")
                        .params(organizationId, modelId).update();
        if (changed > 0) {
            references.changed("allowed_model");
            audit.record("organization", organizationId, allowed ? "allow model" : "disallow model", null,
                    model.providerCode() + "/" + model.name());
        }
    }

    /** The models the signed-in member may choose, by name. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<ChatModelChoice> choices() {
        long organizationId = currentUser.require().organizationId();
        Set<String> enabled = connections.enabled();
        return jdbc.sql("select model_id from allowed_model where organization_id = ?").param(organizationId)
                .query(Long.class).list().stream()
                .flatMap(id -> usable(id, enabled).stream())
                .filter(model -> !model.embedding())
                .sorted(Comparator.comparing(ChatModelChoice::displayName, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /**
     * The models an organization may use now, embedding models included, for callers authenticated by an API key
     * rather than a signed-in member (the gateway); the caller has checked that the key belongs to the organization.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public List<ChatModelChoice> usableBy(long organizationId) {
        Set<String> enabled = connections.enabled();
        return allowedBy(organizationId).stream().map(this::preferred).filter(model -> enabled.contains(model.connection()))
                .toList();
    }

    /**
     * The models an organization allows and the catalog has enabled, whether or not their provider is switched on
     * now, so that the gateway can tell a provider that is not connected from a model that is not allowed.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public List<ChatModelChoice> allowedBy(long organizationId) {
        return allowedByOrganization.get(organizationId, id -> {
            List<Long> allowed = jdbc.sql("select model_id from allowed_model where organization_id = ?").param(id)
                    .query(Long.class).list();
            return prices.describe(allowed).stream().filter(CatalogModel::enabled)
                    .flatMap(model -> connections.kindOf(model.providerCode()).map(kind -> choice(model, kind)).stream())
                    .toList();
        });
    }

    /** Whether some connection serves the catalog provider's models (a built-in provider, an OpenAI-compatible server). */
    @Transactional(readOnly = true)
    public boolean callable(String providerCode) {
        return connections.kindOf(providerCode).isPresent();
    }

    /** Whether the chat may call the provider now (a platform admin switched it on); for jobs, no signed-in user. */
    @Transactional(readOnly = true)
    public boolean providerEnabled(String providerCode) {
        return connections.enabled().contains(providerCode);
    }

    /** Where the chat reaches the provider, as platform admins configured it; for jobs, no signed-in user. */
    @Transactional(readOnly = true)
    public String providerBaseUrl(String providerCode) {
        return connections.baseUrl(ProviderKind.of(providerCode).orElseThrow(() -> new NotFoundException("No such provider")));
    }

    /** The model if the organization may chat with it now. */
    @Transactional(readOnly = true)
    public Optional<ChatModelChoice> usable(long organizationId, long modelId) {
        boolean allowed = jdbc.sql("select count(*) from allowed_model where organization_id = ? and model_id = ?")
                .params(organizationId, modelId).query(Long.class).single() > 0;
        return allowed ? usable(modelId, connections.enabled()).filter(model -> !model.embedding()) : Optional.empty();
    }

    /** The model as the chat knows it, whether or not anyone may use it now. */
    @Transactional(readOnly = true)
    public Optional<ChatModelChoice> describe(long modelId) {
        return prices.describe(modelId).flatMap(model -> connections.kindOf(model.providerCode()).map(kind -> choice(model, kind)));
    }

    /** The model as it is called (through Azure when Azure is preferred for it), if that connection is on. */
    private Optional<ChatModelChoice> usable(long modelId, Set<String> enabledConnections) {
        return prices.describe(modelId).filter(CatalogModel::enabled)
                .flatMap(model -> connections.kindOf(model.providerCode()).map(kind -> choice(model, kind)))
                .map(this::preferred).filter(model -> enabledConnections.contains(model.connection()));
    }

    /** The model as it is called: through Azure or Vertex when a platform admin prefers it for the model, else as it is. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public ChatModelChoice preferred(ChatModelChoice model) {
        return vertex.preferred(azure.preferred(model));
    }

    private static ChatModelChoice choice(CatalogModel model, ProviderKind kind) {
        return new ChatModelChoice(model.id(), kind, model.name(), model.displayName(), model.contextWindow(),
                model.maxOutputTokens(), EMBEDDING.equals(model.mode()), model.providerCode(), model.providerCode(), null);
    }
}
