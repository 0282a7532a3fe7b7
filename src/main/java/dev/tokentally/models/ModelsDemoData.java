package dev.tokentally.models;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.tokentally.base.SeedData;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceLookup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The models the demo organizations may use: for the chat the offline demo model and (once a platform admin enables
 * their providers) a few real ones; Acme's gateway keys one more, and Initech has Acme's. Models the catalog does not know are left out.
 */
@Component
class ModelsDemoData implements SeedData {

    private static final List<String> CHAT = List.of("demo/demo-mini", "openai/gpt-4o-mini", "openai/gpt-4o",
            "anthropic/claude-sonnet-4-20250514", "openrouter/openai/gpt-4o-mini", "ollama/llama3.2");
    private static final List<String> ACME = Stream.concat(CHAT.stream(), Stream.of("anthropic/claude-sonnet-4-5")).toList();
    private static final Map<String, List<String>> ALLOWED = Map.of("acme", ACME, "globex", CHAT, "initech", ACME);

    private final JdbcClient jdbc;
    private final OrganizationService organizations;
    private final PriceLookup prices;

    ModelsDemoData(JdbcClient jdbc, OrganizationService organizations, PriceLookup prices) {
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.prices = prices;
    }

    @Override
    public String name() {
        return "models-demo";
    }

    @Override
    public int order() {
        // After the organizations, before the agents and keys that use the models.
        return 19;
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void load() {
        ALLOWED.forEach((slug, models) -> organizations.idOfSlug(slug).ifPresent(organizationId -> models.stream()
                .map(this::catalogModel).flatMap(Optional::stream)
                .forEach(modelId -> jdbc.sql("insert into allowed_model (organization_id, model_id) values (?, ?) on conflict do nothing")
                        .params(organizationId, modelId).update())));
    }

    /** The catalog model of exactly this provider/name (not one it is an alias of). */
    private Optional<Long> catalogModel(String qualifiedName) {
        int slash = qualifiedName.indexOf('/');
        String provider = qualifiedName.substring(0, slash);
        String name = qualifiedName.substring(slash + 1);
        return prices.model(provider, name).flatMap(model -> prices.describe(model.modelId()))
                .filter(model -> model.name().equals(name)).map(CatalogModel::id);
    }
}
