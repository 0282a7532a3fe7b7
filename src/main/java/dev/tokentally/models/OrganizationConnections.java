package dev.tokentally.models;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bring your own key: an organization's admins connect the organization's own account at a provider, beside the
 * platform's connections (an Azure OpenAI resource with its deployments too: {@link OwnAzureDeployments}); at most one per kind, but any number of OpenAI-compatible servers ({@link OwnCompatibleConnections}). Such a connection is named {@code <organization slug>:<kind>}
 * ({@code acme:openai}) in the ledger and in model prefixes, so its calls are never confused with the platform's
 * ({@code openai}). Only the organization's own calls ever go through it: it is looked up by organization when a call
 * is routed ({@link ModelAccess#routed}). Its calls are priced at the catalog's prices, as the platform's are: the
 * cost is the organization's all the same, and it wants to see it. Keys are sealed and never shown back.
 */
@Service
@Transactional
public class OrganizationConnections {

    /** The kinds an organization may connect: those that need nothing but an address and a key, and Azure OpenAI. */
    public static final Set<ProviderKind> KINDS = EnumSet.of(ProviderKind.OPENAI, ProviderKind.ANTHROPIC,
            ProviderKind.OPENROUTER, ProviderKind.GOOGLE, ProviderKind.OLLAMA, ProviderKind.AZURE);

    /**
     * What an organization admin saves: a null {@code newApiKey} keeps the stored key; an empty base URL means the kind's.
     * {@code apiVersion} and {@code deployments} are Azure's ({@link OwnAzureDeployments}), ignored for other kinds.
     */
    public record Change(ProviderKind kind, String baseUrl, String newApiKey, int timeoutSeconds, boolean preferred,
                         String apiVersion, String deployments) {

        public Change(ProviderKind kind, String baseUrl, String newApiKey, int timeoutSeconds, boolean preferred) {
            this(kind, baseUrl, newApiKey, timeoutSeconds, preferred, null, null);
        }

        @Override
        public String toString() {
            return "Change[" + kind + ", " + baseUrl + "]";
        }
    }

    /** An organization's connection as the router needs it; {@code deployments} an Azure one's, deployment to model id. */
    record Own(String code, boolean preferred, Map<String, Long> deployments) {

        /** The deployment that serves the catalog model, if this connection deploys it (the first by name). */
        Optional<String> deploymentOf(long modelId) {
            return deployments.entrySet().stream().filter(entry -> entry.getValue() == modelId).map(Map.Entry::getKey)
                    .sorted().findFirst();
        }
    }

    static final String TABLE = "organization_connection";
    private static final String SELECT = """
            select code, kind, base_url, api_key_encrypted is not null as has_key, api_key_hint, timeout_seconds, preferred,
                   api_version, updated_by, updated_at from organization_connection""";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final OrganizationService organizations;
    private final ReferenceChanges references;
    private final OwnAzureDeployments azure;
    private final ReferenceCache<Long, Map<ProviderKind, Own>> byOrganization;
    private final ReferenceCache<String, Optional<ProviderConnections.Credentials>> credentials;
    private final ReferenceCache<Long, Set<String>> codesByOrganization;

    OrganizationConnections(JdbcClient jdbc, SecretBox secrets, AuditLog audit, CurrentUser currentUser,
                            OrganizationService organizations, ReferenceChanges references, OwnAzureDeployments azure) {
        this.organizations = organizations;
        this.azure = azure;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.audit = audit;
        this.currentUser = currentUser;
        this.references = references;
        this.byOrganization = references.cache(10_000, TABLE);
        this.credentials = references.cache(10_000, TABLE);
        this.codesByOrganization = references.cache(10_000, TABLE);
    }

    /** Whether a connection code names an organization's connection rather than the platform's. */
    static boolean owned(String code) {
        return code != null && code.indexOf(':') > 0;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<ProviderConnection> list(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return jdbc.sql(SELECT + " where organization_id = ? order by kind").param(organizationId)
                .query((rs, row) -> connection(rs)).list();
    }

    /**
     * Adds or changes the organization's connection of the change's kind.
     *
     * @throws FieldRejectedException naming the field at fault; nothing is saved then
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public ProviderConnection save(long organizationId, Change change) {
        currentUser.requireAccessTo(organizationId);
        if (change.kind() == null || !KINDS.contains(change.kind())) {
            throw new FieldRejectedException("kind", "Choose one of " + KINDS.stream().map(ProviderKind::displayName)
                    .collect(Collectors.joining(", ")));
        }
        ProviderKind kind = change.kind();
        String baseUrl = change.baseUrl() == null || change.baseUrl().isBlank() ? null : change.baseUrl().trim();
        if (baseUrl != null && !baseUrl.matches("^https?://\\S+$")) {
            throw new FieldRejectedException("baseUrl", "Enter an http:// or https:// address");
        }
        if (change.timeoutSeconds() < 1 || change.timeoutSeconds() > 600) {
            throw new FieldRejectedException("timeoutSeconds", "Between 1 and 600 seconds");
        }
        String newKey = change.newApiKey() == null ? null : change.newApiKey().trim();
        if (newKey != null && newKey.length() > 500) {
            throw new FieldRejectedException("apiKey", "An API key has at most 500 characters");
        }
        String code = slug(organizationId) + ":" + kind.code();
        Optional<ProviderConnection> before = find(code);
        boolean willHaveKey = newKey == null ? before.map(ProviderConnection::hasApiKey).orElse(false) : !newKey.isEmpty();
        if (kind.needsApiKey() && !willHaveKey) {
            throw new FieldRejectedException("apiKey", kind.displayName() + " needs an API key");
        }
        if (baseUrl == null && kind.needsBaseUrl()) {
            throw new FieldRejectedException("baseUrl", kind.displayName() + " needs its endpoint, as https://your-resource.openai.azure.com");
        }
        boolean isAzure = kind == ProviderKind.AZURE;
        String apiVersion = isAzure ? OwnAzureDeployments.apiVersion(change.apiVersion()) : null;
        String deployments = isAzure ? azure.checked(change.deployments()) : null;
        jdbc.sql("""
                        insert into organization_connection (code, organization_id, kind, base_url, timeout_seconds, preferred,
                               api_version, deployments, updated_by)
                        values (:code, :organization, :kind, :baseUrl, :timeout, :preferred, :apiVersion, :deployments, :actor)
                        on conflict (code) do update set base_url = :baseUrl, timeout_seconds = :timeout, preferred = :preferred,
                               api_version = :apiVersion, deployments = :deployments, updated_by = :actor, updated_at = now()""")
                .param("code", code).param("organization", organizationId).param("kind", kind.code())
                .param("baseUrl", baseUrl).param("timeout", change.timeoutSeconds()).param("preferred", change.preferred())
                .param("apiVersion", apiVersion).param("deployments", deployments)
                .param("actor", AuditLog.actor()).update();
        if (newKey != null) {
            storeKey(code, newKey);
        }
        references.changed(TABLE);
        ProviderConnection after = find(code).orElseThrow();
        audit.record("organization", organizationId, before.isEmpty() ? "add connection" : "update connection",
                before.map(OrganizationConnections::describe).orElse(null), describe(after)
                        + (newKey == null ? "" : newKey.isEmpty() ? ", key removed" : ", key replaced"));
        return after;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void remove(long organizationId, String code) {
        currentUser.requireAccessTo(organizationId);
        if (jdbc.sql("delete from organization_connection where organization_id = ? and code = ?")
                .params(organizationId, code).update() == 0) {
            throw new NotFoundException("No such connection");
        }
        references.changed(TABLE);
        audit.record("organization", organizationId, "remove connection", code, null);
    }

    /** The code of the organization's connection {@code code} when it is the signed-in admin's organization's. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public String requireOwn(long organizationId, String code) {
        currentUser.requireAccessTo(organizationId);
        return codesOf(organizationId).stream().filter(own -> own.equals(code)).findFirst()
                .orElseThrow(() -> new NotFoundException("No such connection"));
    }

    /** The codes of all the organization's own connections, its OpenAI-compatible ones too; no signed-in user needed. */
    @Transactional(propagation = Propagation.SUPPORTS)
    Set<String> codesOf(long organizationId) {
        return codesByOrganization.get(organizationId, id -> Set.copyOf(jdbc.sql(
                "select code from organization_connection where organization_id = ?").param(id).query(String.class).list()));
    }

    /** The kind of an organization's connection by its code: its OpenAI-compatible ones are catalog providers too. */
    @Transactional(propagation = Propagation.SUPPORTS)
    Optional<ProviderKind> kindOf(String code) {
        return credentials(code).map(ProviderConnections.Credentials::kind);
    }

    /** The organization's connections by kind, for routing its calls; no signed-in user needed. */
    @Transactional(propagation = Propagation.SUPPORTS)
    Map<ProviderKind, Own> ownedBy(long organizationId) {
        return byOrganization.get(organizationId, id -> jdbc.sql(
                        "select kind, code, preferred, deployments from organization_connection where organization_id = ? and kind <> 'compatible'").param(id)
                .query((rs, row) -> Map.entry(ProviderKind.of(rs.getString(1)).orElseThrow(), new Own(rs.getString(2), rs.getBoolean(3),
                        azure.stored(rs.getString(4)))))
                .list().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** The deployments of the organization's Azure connection as its admin listed them; empty when it has none. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public String deploymentsText(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return jdbc.sql("select deployments from organization_connection where organization_id = ? and kind = 'azure'")
                .param(organizationId).query(String.class).optional().orElse("");
    }

    /** The catalog model an organization's Azure connection's deployment serves, by the connection's code. */
    @Transactional(propagation = Propagation.SUPPORTS)
    Optional<Long> deployedModel(String code, String deployment) {
        return jdbc.sql("select deployments from organization_connection where code = ? and kind = 'azure'").param(code)
                .query(String.class).optional().map(azure::stored).map(deployments -> deployments.get(deployment));
    }

    /** The credentials of an organization's connection, by its code. */
    @Transactional(propagation = Propagation.SUPPORTS)
    Optional<ProviderConnections.Credentials> credentials(String code) {
        return credentials.get(code, this::read);
    }

    private Optional<ProviderConnections.Credentials> read(String code) {
        return jdbc.sql("""
                        select kind, base_url, api_key_encrypted, timeout_seconds, preferred, api_version
                        from organization_connection where code = ?""")
                .param(code)
                .query((rs, row) -> {
                    ProviderKind kind = ProviderKind.of(rs.getString("kind")).orElseThrow();
                    return new ProviderConnections.Credentials(kind, code,
                            Optional.ofNullable(rs.getString("base_url")).orElse(kind.defaultBaseUrl()),
                            Optional.ofNullable(rs.getString("api_key_encrypted")).map(secrets::open).orElse(null),
                            rs.getInt("timeout_seconds"), rs.getString("api_version"), rs.getBoolean("preferred"));
                })
                .optional();
    }

    String slug(long organizationId) {
        return organizations.billingDetails(organizationId).slug();
    }

    /** Seals and stores a new key (an empty one removes it). */
    void storeKey(String code, String newKey) {
        jdbc.sql("update organization_connection set api_key_encrypted = ?, api_key_hint = ? where code = ?")
                .params(newKey.isEmpty() ? null : secrets.seal(newKey), newKey.isEmpty() ? null : hint(newKey), code).update();
    }

    Optional<ProviderConnection> find(String code) {
        return jdbc.sql(SELECT + " where code = ?").param(code).query((rs, row) -> connection(rs)).optional();
    }

    private static ProviderConnection connection(ResultSet rs) throws SQLException {
        return new ProviderConnection(rs.getString("code"), ProviderKind.of(rs.getString("kind")).orElseThrow(), null, true,
                rs.getString("base_url"), rs.getBoolean("has_key"), rs.getString("api_key_hint"), rs.getInt("timeout_seconds"),
                rs.getString("api_version"), rs.getBoolean("preferred"), rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
    }

    private static String hint(String key) {
        return key.length() <= 8 ? "…" : "…" + key.substring(key.length() - 4);
    }

    static String describe(ProviderConnection c) {
        return c.code() + ", " + c.effectiveBaseUrl() + ", timeout " + c.timeoutSeconds() + " s, key "
                + (c.hasApiKey() ? c.apiKeyHint() : "none") + (c.preferred() ? ", preferred" : ", platform's first");
    }
}
