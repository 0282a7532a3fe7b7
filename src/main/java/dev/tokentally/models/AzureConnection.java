package dev.tokentally.models;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.ImportedModel;
import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.PriceVersion;
import dev.tokentally.pricing.PricedModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Azure OpenAI: a resource endpoint, its key (or Microsoft Entra ID client credentials, {@link AzureEntraId}) and
 * api-version, and deployments that each serve a catalog model of
 * OpenAI's ({@code prod-4o} = {@code gpt-4o}), allowed and priced as that model unless the deployment has its own price
 * ({@code prod-4o=gpt-4o=2.25/9}: a catalog model of {@link #PRICED_AS}'s named as the deployment). Clients call a deployment as
 * {@code azure/prod-4o}; a catalog name goes to Azure instead of OpenAI when a platform admin marks Azure preferred and
 * one of its deployments serves that model.
 */
@Service
@Validated
@Transactional
public class AzureConnection {

    /**
     * What only Azure has: its api-version, deployments as {@code prod-4o=gpt-4o,mini=gpt-4o-mini}, the preference and,
     * to authenticate with Microsoft Entra ID client credentials instead of an API key, the tenant and client id (the
     * client secret is then the connection's key); both blank: the API key.
     */
    public record Settings(
            @Pattern(regexp = "^([0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?)?$", message = "A date as 2024-10-21 (or 2025-04-01-preview)")
            String apiVersion,
            @Size(max = 20_000, message = "At most 20,000 characters") String deployments,
            boolean preferred,
            @Size(max = 200, message = "At most 200 characters") String tenantId,
            @Size(max = 100, message = "At most 100 characters") String clientId) {

        /** With an API key. */
        public Settings(String apiVersion, String deployments, boolean preferred) {
            this(apiVersion, deployments, preferred, null, null);
        }
    }

    /** The catalog provider whose models Azure OpenAI deploys. */
    static final String MODELS_OF = "openai";
    /** The catalog provider whose models are the deployments with a price of their own (its history kept as any price's). */
    public static final String PRICED_AS = "azure-deployment";
    static final String TABLE = "connection_deployment";
    private static final String AZURE = ProviderKind.AZURE.code();

    private final JdbcClient jdbc;
    private final ProviderConnections connections;
    private final PriceLookup prices;
    private final PriceCatalog catalog;
    private final ReferenceChanges references;
    private final AzureEntraId entraId;
    /** Deployment name to catalog model id, asked on gateway calls; dropped on every instance on change. */
    private final ReferenceCache<String, Map<String, Long>> deployments;

    AzureConnection(JdbcClient jdbc, ProviderConnections connections, PriceLookup prices, PriceCatalog catalog,
                    ReferenceChanges references, AzureEntraId entraId) {
        this.jdbc = jdbc;
        this.entraId = entraId;
        this.catalog = catalog;
        this.connections = connections;
        this.prices = prices;
        this.references = references;
        this.deployments = references.cache(1, TABLE);
    }

    /**
     * @throws FieldRejectedException naming the field at fault; nothing is saved then
     */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public ProviderConnection save(@Valid ProviderConnectionChange change, @Valid Settings settings) {
        Map<String, Resolved> resolved = resolve(settings.deployments());
        String apiVersion = settings.apiVersion() == null || settings.apiVersion().isBlank() ? null : settings.apiVersion().trim();
        if (change.enabled() && apiVersion == null) {
            throw new FieldRejectedException("apiVersion", "Azure needs an api-version, as 2024-10-21");
        }
        replaceDeployments(resolved);
        connections.setAzure(apiVersion, settings.preferred());
        entraId.store(AZURE, settings.tenantId(), settings.clientId());
        return connections.update(AZURE, change, "api-version " + apiVersion + ", deployments " + resolved.keySet()
                + (settings.preferred() ? ", preferred" : "") + entraId.ids(AZURE).map(ids -> ", Entra ID tenant "
                + ids.tenantId() + " client " + ids.clientId()).orElse(""));
    }

    /** The Entra ID tenant and client id Azure authenticates with; empty when it uses its API key. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public Optional<AzureEntraId.Ids> entraId() {
        return entraId.ids(AZURE);
    }

    /** The deployments as their admin lists them, each with its own price if it has one. */
    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public String deploymentsText() {
        Map<String, Long> all = deployments();
        Map<Long, String> names = prices.describe(all.values()).stream()
                .collect(Collectors.toMap(CatalogModel::id, CatalogModel::name));
        return all.keySet().stream().sorted().map(deployment -> ConnectionModels.format(deployment,
                        names.get(all.get(deployment)), ownPrice(deployment).flatMap(model -> Optional.ofNullable(model.currentPrice()))
                                .map(PriceVersion::base).orElse(null)))
                .collect(Collectors.joining(","));
    }

    /** The deployment's own prices, when its admin gave it some; else it is priced as the model it serves. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<PricedModel> priceOverride(String deployment) {
        return ownPrice(deployment).flatMap(model -> prices.model(model.id()));
    }

    /**
     * The model a budget holds a call to it as: a deployment with a price of its own at that price (the catalog model
     * it is recorded under, {@code azure-deployment/<d>}), so that the hold and the ledger price the call alike.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public ChatModelChoice heldAs(ChatModelChoice model) {
        // Only the platform's deployments have prices of their own; an organization's is priced as its model.
        if (model.provider() != ProviderKind.AZURE || model.deployment() == null || !model.connection().equals(ProviderKind.AZURE.code())) {
            return model;
        }
        return priceOverride(model.deployment()).map(own -> new ChatModelChoice(own.modelId(), model.provider(), model.name(),
                model.displayName(), model.contextWindow(), model.maxOutputTokens(), model.embedding(), model.providerCode(),
                model.connection(), model.deployment())).orElse(model);
    }

    private Optional<CatalogModel> ownPrice(String deployment) {
        return prices.model(PRICED_AS, deployment).flatMap(model -> prices.describe(model.modelId()))
                .filter(model -> model.enabled() && model.providerCode().equals(PRICED_AS) && model.name().equals(deployment));
    }

    /** The model a call to {@code azure/<deployment>} names, among those the organization allows; empty when none. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<ChatModelChoice> deployment(List<ChatModelChoice> allowed, String deployment) {
        Long modelId = deployments().get(deployment);
        return modelId == null ? Optional.empty() : allowed.stream().filter(model -> model.modelId() == modelId)
                .findFirst().map(model -> model.via(ProviderKind.AZURE, AZURE, deployment));
    }

    /** The catalog model (of OpenAI's) a deployment serves. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<Long> modelOf(String deployment) {
        return Optional.ofNullable(deployments().get(deployment));
    }

    /** The catalog models Azure's deployments serve. */
    @Transactional(propagation = Propagation.SUPPORTS)
    java.util.Set<Long> deployedModels() {
        return java.util.Set.copyOf(deployments().values());
    }

    /** Whether a deployment of that name exists (a call to it may then be refused for the model it serves). */
    @Transactional(propagation = Propagation.SUPPORTS)
    public boolean hasDeployment(String deployment) {
        return deployments().containsKey(deployment);
    }

    /** The model as it is called: through Azure when Azure is preferred, on and deploys it; else as it is. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public ChatModelChoice preferred(ChatModelChoice model) {
        if (model.deployment() != null || connections.credentials(AZURE).filter(ProviderConnections.Credentials::preferred).isEmpty()) {
            return model;
        }
        return deployments().entrySet().stream().filter(entry -> entry.getValue() == model.modelId()).map(Map.Entry::getKey)
                .sorted().findFirst().map(deployment -> model.via(ProviderKind.AZURE, AZURE, deployment)).orElse(model);
    }

    /**
     * Azure from the environment ({@code TOKENTALLY_PROVIDERS_AZURE_*}): enabled with those deployments, authenticated
     * with its key, or with Entra ID client credentials when a tenant and client id come ({@code apiKey}: the secret).
     */
    void configure(String baseUrl, String apiKey, String apiVersion, String deploymentsText, String tenantId, String clientId) {
        entraId.store(AZURE, tenantId, clientId);
        configure(baseUrl, apiKey, apiVersion, deploymentsText);
    }

    /** Azure from the environment ({@code TOKENTALLY_PROVIDERS_AZURE_*}): enabled with those deployments. */
    void configure(String baseUrl, String apiKey, String apiVersion, String deploymentsText) {
        Map<String, Resolved> resolved = resolve(deploymentsText);
        if (apiVersion != null && !apiVersion.isBlank()) {
            if (!apiVersion.trim().matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$")) {
                throw new FieldRejectedException("apiVersion", "Azure's api-version is a date as 2024-10-21");
            }
            connections.setAzure(apiVersion.trim(), null);
        }
        if (deploymentsText != null) {
            replaceDeployments(resolved);
        }
        connections.configure(ProviderKind.AZURE, baseUrl, apiKey);
    }

    private Map<String, Long> deployments() {
        return deployments.get(TABLE, all -> jdbc.sql("select deployment, model_id from connection_deployment where provider_code = ?")
                .param(AZURE).query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** A deployment's catalog model and its own price (null: the model's). */
    private record Resolved(long modelId, dev.tokentally.pricing.PriceSheet price) {
    }

    private Map<String, Resolved> resolve(String text) {
        Map<String, ConnectionModels.Deployment> named;
        try {
            named = ConnectionModels.deployments(text);
        } catch (IllegalArgumentException refused) {
            throw new FieldRejectedException("deployments", refused.getMessage());
        }
        Map<String, Resolved> resolved = new java.util.LinkedHashMap<>();
        named.forEach((deployment, model) -> resolved.put(deployment, new Resolved(prices.model(MODELS_OF, model.model())
                .orElseThrow(() -> new FieldRejectedException("deployments", model.model() + " (of " + deployment
                        + ") is not an OpenAI model of the catalog")).modelId(), model.price())));
        return resolved;
    }

    private void replaceDeployments(Map<String, Resolved> resolved) {
        jdbc.sql("delete from connection_deployment where provider_code = ?").param(AZURE).update();
        resolved.forEach((deployment, model) -> jdbc.sql(
                        "insert into connection_deployment (provider_code, deployment, model_id) values (?, ?, ?)")
                .params(AZURE, deployment, model.modelId()).update());
        List<ImportedModel> priced = resolved.entrySet().stream().filter(entry -> entry.getValue().price() != null)
                .map(entry -> new ImportedModel(PRICED_AS, entry.getKey(), entry.getKey(), "chat", null, null,
                        new PriceVersion(null, null, entry.getValue().price(), null, null, null))).toList();
        if (!priced.isEmpty() || !prices.modelsOf(PRICED_AS, 1).isEmpty()) {
            // The deployments without a price of their own are disabled there, so they are priced as their model again.
            catalog.offerModels(PRICED_AS, "Azure OpenAI deployments", priced);
        }
        references.changed(TABLE);
    }
}
