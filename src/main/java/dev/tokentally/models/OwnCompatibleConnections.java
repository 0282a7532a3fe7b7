package dev.tokentally.models;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceLookup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An organization's own OpenAI-compatible servers (a team's vLLM or Ollama, its own Groq key), any number of them,
 * each named by its admin: {@code groq} becomes the connection {@code acme:groq} ({@link OrganizationConnections}).
 * Its models are a catalog provider of that same code, priced as the organization's admin lists them or unpriced
 * (never $0); since only that organization's calls can name the connection and no other organization may allow a
 * model of it ({@link ModelAccess#setAllowed}), its prices are its own. Saving allows the listed models for the
 * organization; clients call them as {@code acme:groq/<model>}.
 */
@Service
@Transactional
public class OwnCompatibleConnections {

    /** What an organization admin saves: a null {@code newApiKey} keeps the stored key, an empty one removes it. */
    public record Change(String name, String baseUrl, String newApiKey, String models, int timeoutSeconds) {

        @Override
        public String toString() {
            return "OwnCompatibleConnections.Change[" + name + ", " + baseUrl + "]";
        }
    }

    private final JdbcClient jdbc;
    private final OrganizationConnections own;
    private final CompatibleConnections compatible;
    private final PriceLookup prices;
    private final CurrentUser currentUser;
    private final ReferenceChanges references;
    private final AuditLog audit;

    OwnCompatibleConnections(JdbcClient jdbc, OrganizationConnections own, CompatibleConnections compatible, PriceLookup prices,
                             CurrentUser currentUser, ReferenceChanges references, AuditLog audit) {
        this.jdbc = jdbc;
        this.own = own;
        this.compatible = compatible;
        this.prices = prices;
        this.currentUser = currentUser;
        this.references = references;
        this.audit = audit;
    }

    /**
     * Adds or changes the organization's OpenAI-compatible connection of that name, with its models.
     *
     * @throws FieldRejectedException naming the field at fault; nothing is saved then
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public ProviderConnection save(long organizationId, Change change) {
        currentUser.requireAccessTo(organizationId);
        String name = change.name() == null ? "" : change.name().trim();
        if (!NamedConnections.NAME.matcher(name).matches()) {
            throw new FieldRejectedException("name", NamedConnections.NAME_RULE.replace("openai-eu", "groq"));
        }
        if (ProviderKind.of(name).isPresent()) {
            throw new FieldRejectedException("name", "'" + name + "' names a kind of connection; choose another name");
        }
        String baseUrl = change.baseUrl() == null ? "" : change.baseUrl().trim();
        if (!baseUrl.matches("^https?://[^\\s/?#]+[^\\s?#]*$")) {
            throw new FieldRejectedException("baseUrl", "Enter an http:// or https:// address, as http://vllm.internal:8000/v1");
        }
        if (change.timeoutSeconds() < 1 || change.timeoutSeconds() > 600) {
            throw new FieldRejectedException("timeoutSeconds", "Between 1 and 600 seconds");
        }
        String newKey = change.newApiKey() == null ? null : change.newApiKey().trim();
        if (newKey != null && newKey.length() > 500) {
            throw new FieldRejectedException("apiKey", "An API key has at most 500 characters");
        }
        String code = own.slug(organizationId) + ":" + name;
        java.util.Optional<ProviderConnection> before = own.find(code);
        int models = compatible.offer(code, name, change.models());
        jdbc.sql("""
                        insert into organization_connection (code, organization_id, kind, base_url, timeout_seconds, updated_by)
                        values (:code, :organization, 'compatible', :baseUrl, :timeout, :actor)
                        on conflict (code) do update set base_url = :baseUrl, timeout_seconds = :timeout, updated_by = :actor,
                               updated_at = now()""")
                .param("code", code).param("organization", organizationId).param("baseUrl", baseUrl)
                .param("timeout", change.timeoutSeconds()).param("actor", AuditLog.actor()).update();
        if (newKey != null) {
            own.storeKey(code, newKey);
        }
        allowModels(organizationId, code);
        references.changed(OrganizationConnections.TABLE);
        ProviderConnection after = own.find(code).orElseThrow();
        audit.record("organization", organizationId, before.isEmpty() ? "add connection" : "update connection",
                before.map(OrganizationConnections::describe).orElse(null), OrganizationConnections.describe(after) + ", "
                        + models + " models" + (newKey == null ? "" : newKey.isEmpty() ? ", key removed" : ", key replaced"));
        return after;
    }

    /** The connection's models as its admin lists them, with the price each has now. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public String models(long organizationId, String code) {
        return ConnectionModels.format(compatible.listed(own.requireOwn(organizationId, code)));
    }

    /** The organization brought the server to use it: its models are allowed at once (an admin may disallow them). */
    private void allowModels(long organizationId, String code) {
        prices.modelsOf(code, ConnectionModels.MAX_ENTRIES).stream().filter(CatalogModel::enabled).forEach(model -> jdbc.sql(
                        "insert into allowed_model (organization_id, model_id) values (?, ?) on conflict do nothing")
                .params(organizationId, model.id()).update());
        references.changed("allowed_model");
    }
}
