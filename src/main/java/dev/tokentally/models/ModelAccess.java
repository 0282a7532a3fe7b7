package dev.tokentally.models;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.DemoMode;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceLookup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which models an organization's members may chat with, and its applications call through the gateway. A model
 * is offered when the organization allows it, the catalog has it enabled and its provider is switched on.
 * Embedding models may be allowed too; only the gateway offers them. In demo mode the demo organization Acme's keys
 * may also call every model an enabled OpenAI-compatible or Bedrock connection serves and every Azure deployment's
 * model, so that a connection added to a demo can be tried at once (the chat still offers what Acme allows).
 */
@Service
@Transactional
public class ModelAccess {

    private static final String EMBEDDING = "embedding";
    /** The demo organization whose keys may call every connection's models in demo mode. */
    private static final String DEMO_ORGANIZATION = "acme";
    /** The most models a connection adds to the demo organization's (a catalog provider may list many). */
    private static final int MAX_DEMO_MODELS_PER_CONNECTION = 500;

    private final JdbcClient jdbc;
    private final PriceLookup prices;
    private final ProviderConnections connections;
    private final ProviderTypes types;
    private final OrganizationConnections own;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final DemoMode demoMode;
    private final OrganizationService organizations;
    private final TransactionTemplate transaction;

    /** Each organization's allowed models as the gateway asks for them on every call; dropped on every instance on change. */
    private final ReferenceCache<Long, List<ChatModelChoice>> allowedByOrganization;
    private final ReferenceChanges references;

    ModelAccess(JdbcClient jdbc, PriceLookup prices, ProviderConnections connections, ProviderTypes types,
                OrganizationConnections own, CurrentUser currentUser, AuditLog audit, ReferenceChanges references,
                DemoMode demoMode, OrganizationService organizations, TransactionTemplate transaction) {
        this.own = own;
        this.transaction = transaction;
        this.demoMode = demoMode;
        this.organizations = organizations;
        this.jdbc = jdbc;
        this.prices = prices;
        this.connections = connections;
        this.types = types;
        this.currentUser = currentUser;
        this.audit = audit;
        this.references = references;
        this.allowedByOrganization = references.cache(10_000, "allowed_model", "model", "provider",
                ProviderConnections.TABLE, AzureConnection.TABLE);
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
        CatalogModel model = prices.describe(modelId)
                .filter(found -> !OrganizationConnections.owned(found.providerCode()) || own.codesOf(organizationId).contains(found.providerCode()))
                .orElseThrow(() -> new NotFoundException("No such model"));
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
        Set<String> connected = connected(organizationId);
        return jdbc.sql("select model_id from allowed_model where organization_id = ?").param(organizationId)
                .query(Long.class).list().stream()
                .flatMap(id -> usable(organizationId, id, connected).stream())
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
        Set<String> connected = connected(organizationId);
        return allowedBy(organizationId).stream().map(model -> routed(organizationId, model))
                .filter(model -> connected.contains(model.connection())).toList();
    }

    /**
     * The connections an organization's calls may go through now: the platform's that are on and the organization's
     * own (never another organization's).
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Set<String> connected(long organizationId) {
        Set<String> connected = new HashSet<>(connections.enabled());
        connected.addAll(own.codesOf(organizationId));
        return connected;
    }

    /**
     * The allowed models under every connection the organization may name: each as its own provider serves it, and
     * again through the organization's own connection of that kind and through each named platform connection of that
     * kind, so that {@code acme:openai/gpt-4o} picks the organization's connection, {@code openai-eu/gpt-4o} that named
     * connection and {@code openai/gpt-4o} the platform's own.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public List<ChatModelChoice> namedBy(long organizationId) {
        List<ChatModelChoice> allowed = allowedBy(organizationId);
        return java.util.stream.Stream.of(allowed.stream(), allowed.stream().flatMap(model -> ownVia(organizationId, model)),
                allowed.stream().flatMap(this::namedVia)).flatMap(models -> models).toList();
    }

    /** The allowed models through each switched-on named platform connection of their kind, as {@code /v1/models} lists them. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public List<ChatModelChoice> namedUsableBy(long organizationId) {
        Set<String> enabled = connections.enabled();
        return allowedBy(organizationId).stream().flatMap(this::namedVia).filter(model -> enabled.contains(model.connection()))
                .toList();
    }

    /** The model through each named platform connection of its kind ({@code openai-eu/gpt-4o}: {@link NamedConnections}). */
    private java.util.stream.Stream<ChatModelChoice> namedVia(ChatModelChoice model) {
        return !model.connection().equals(model.providerCode()) || model.deployment() != null ? java.util.stream.Stream.empty()
                : connections.namedOf(model.provider()).stream().map(code -> model.via(model.provider(), code, null));
    }

    /**
     * The model as the organization calls it when a call names it by its catalog name: through the organization's own
     * connection of its kind when the organization prefers it (the default: an organization that brings its key wants
     * its calls on its own account, contract and limits), or when the platform's connection is off; else through the
     * platform's (Azure or Vertex when a platform admin prefers it for the model). A model already bound to a connection stays.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public ChatModelChoice routed(long organizationId, ChatModelChoice model) {
        if (!model.connection().equals(model.providerCode()) || model.deployment() != null) {
            return model;
        }
        Optional<ChatModelChoice> owned = ownVia(organizationId, model).findFirst();
        ChatModelChoice platform = preferred(model);
        boolean preferOwn = owned.isPresent() && own.ownedBy(organizationId).values().stream()
                .anyMatch(connection -> connection.code().equals(owned.get().connection()) && connection.preferred());
        return owned.isPresent() && (preferOwn || !connections.enabled().contains(platform.connection())) ? owned.get() : platform;
    }

    /** The model through the organization's own connections: that of its kind first, then an own Azure deployment of it. */
    private java.util.stream.Stream<ChatModelChoice> ownVia(long organizationId, ChatModelChoice model) {
        if (!model.connection().equals(model.providerCode()) || model.deployment() != null) {
            return java.util.stream.Stream.empty();
        }
        java.util.Map<ProviderKind, OrganizationConnections.Own> owned = own.ownedBy(organizationId);
        OrganizationConnections.Own ofKind = owned.get(model.provider());
        OrganizationConnections.Own azure = owned.get(ProviderKind.AZURE);
        return java.util.stream.Stream.concat(
                java.util.stream.Stream.ofNullable(ofKind).map(connection -> model.via(model.provider(), connection.code(), null)),
                java.util.stream.Stream.ofNullable(azure).flatMap(connection -> connection.deploymentOf(model.modelId()).stream()
                        .map(deployment -> model.via(ProviderKind.AZURE, connection.code(), deployment))));
    }

    /**
     * The models an organization allows and the catalog has enabled, whether or not their provider is switched on
     * now, so that the gateway can tell a provider that is not connected from a model that is not allowed.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public List<ChatModelChoice> allowedBy(long organizationId) {
        // Loaded in one transaction: reads through JPA (the demo organization's id) and JDBC then share one connection.
        // Without it, JPA keeps its connection to the end of this method while the reads after it take another, and
        // a burst of calls on a cold cache holds the whole pool while waiting for more.
        return allowedByOrganization.get(organizationId, id -> transaction.execute(status -> {
            Set<Long> allowed = new java.util.LinkedHashSet<>(jdbc.sql("select model_id from allowed_model where organization_id = ?")
                    .param(id).query(Long.class).list());
            if (demoMode.enabled() && organizations.idOfSlug(DEMO_ORGANIZATION).filter(id::equals).isPresent()) {
                allowed.addAll(everyConnectionsModels());
            }
            return prices.describe(allowed).stream().filter(CatalogModel::enabled)
                    .flatMap(model -> connections.kindOf(model.providerCode()).map(kind -> choice(model, kind)).stream())
                    .toList();
        }));
    }

    /** The models every enabled connection serves in demo mode (an OpenAI-compatible or Bedrock one's, Azure's deployments'). */
    private Set<Long> everyConnectionsModels() {
        Set<Long> models = new HashSet<>();
        connections.enabled().forEach(code -> connections.kindOf(code).ifPresent(kind ->
                models.addAll(types.of(kind).demoModels(code, prices, MAX_DEMO_MODELS_PER_CONNECTION))));
        return models;
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
        return allowed ? usable(organizationId, modelId, connected(organizationId)).filter(model -> !model.embedding())
                : Optional.empty();
    }

    /** The model as the chat knows it, whether or not anyone may use it now. */
    @Transactional(readOnly = true)
    public Optional<ChatModelChoice> describe(long modelId) {
        return prices.describe(modelId).flatMap(model -> connections.kindOf(model.providerCode()).map(kind -> choice(model, kind)));
    }

    /** The model as the organization calls it ({@link #routed}), if that connection is on. */
    private Optional<ChatModelChoice> usable(long organizationId, long modelId, Set<String> connected) {
        return prices.describe(modelId).filter(CatalogModel::enabled)
                .flatMap(model -> connections.kindOf(model.providerCode()).map(kind -> choice(model, kind)))
                .map(model -> routed(organizationId, model)).filter(model -> connected.contains(model.connection()));
    }

    /** The model as the platform serves it: through Azure or Vertex when a platform admin prefers it for the model, else as it is. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public ChatModelChoice preferred(ChatModelChoice model) {
        ChatModelChoice served = model;
        for (ProviderType type : types.all()) {
            served = type.preferred(served);
        }
        return served;
    }

    private static ChatModelChoice choice(CatalogModel model, ProviderKind kind) {
        return new ChatModelChoice(model.id(), kind, model.name(), model.displayName(), model.contextWindow(),
                model.maxOutputTokens(), EMBEDDING.equals(model.mode()), model.providerCode(), model.providerCode(), null);
    }
}
