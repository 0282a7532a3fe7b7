package dev.tokentally.models;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tokentally.base.AuditLog;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.base.secrets.SecretBox;
import jakarta.validation.Valid;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Platform admins switch connections on and off and set where and with which key they are called: one per built-in
 * provider, Azure OpenAI, and any number of OpenAI-compatible servers ({@link CompatibleConnections}). Keys are sealed
 * before they reach the database and opened only to build a model client.
 */
@Service
@Validated
@Transactional
public class ProviderConnections {

    private static final String SELECT = """
            select provider_code, kind, display_name, enabled, base_url, api_key_encrypted is not null as has_key,
                   api_key_hint, timeout_seconds, api_version, preferred, updated_by, updated_at from provider_connection""";

    /**
     * What a client needs to call a connection; the key in clear exists only here. {@code connection} is its code,
     * {@code apiVersion} Azure's, {@code preferred} whether the catalog models it serves are called through it.
     */
    public record Credentials(ProviderKind kind, String connection, String baseUrl, String apiKey, int timeoutSeconds,
                              String apiVersion, boolean preferred) {
        @Override
        public String toString() {
            return "Credentials[" + connection + ", " + baseUrl + "]";
        }
    }

    static final String TABLE = "provider_connection";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final ReferenceChanges references;
    private final OrganizationConnections organizations;
    /**
     * The enabled connections, each connection's kind and credentials, read on every model call: kept per instance and
     * dropped on every instance when a connection changes (V21's NOTIFY), so a call costs no database round trip.
     */
    private final ReferenceCache<String, Set<String>> enabled;
    private final ReferenceCache<String, Map<String, ProviderKind>> kinds;
    private final ReferenceCache<String, Optional<Credentials>> credentials;

    ProviderConnections(JdbcClient jdbc, SecretBox secrets, AuditLog audit, ReferenceChanges references,
                        OrganizationConnections organizations) {
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.secrets = secrets;
        this.audit = audit;
        this.references = references;
        this.enabled = references.cache(1, TABLE);
        this.kinds = references.cache(1, TABLE);
        this.credentials = references.cache(1_000, TABLE);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public List<ProviderConnection> list() {
        return jdbc.sql(SELECT).query((rs, row) -> connection(rs)).list().stream()
                .sorted(Comparator.comparing(ProviderConnection::kind).thenComparing(ProviderConnection::code)).toList();
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public ProviderConnection update(ProviderKind kind, @Valid ProviderConnectionChange change) {
        if (!kind.single()) {
            throw new IllegalArgumentException("An OpenAI-compatible connection is saved with its name and models");
        }
        return update(kind.code(), change, null);
    }

    /** Changes a connection; {@code more} (null: none) what only its kind has, in the same transaction. */
    ProviderConnection update(String code, ProviderConnectionChange change, String more) {
        ProviderConnection before = find(code).orElseThrow(() -> new NotFoundException("No such provider"));
        ProviderKind kind = before.kind();
        String baseUrl = change.baseUrl() == null || change.baseUrl().isBlank() || !kind.hasBaseUrl() ? null
                : change.baseUrl().trim();
        String newKey = change.newApiKey() == null ? null : change.newApiKey().trim();
        boolean willHaveKey = newKey == null ? before.hasApiKey() : !newKey.isEmpty();
        if (change.enabled() && kind.needsApiKey() && !willHaveKey) {
            throw new IllegalArgumentException(before.displayName() + " needs an API key before it can be enabled");
        }
        if (change.enabled() && baseUrl == null && kind.needsBaseUrl()) {
            throw new IllegalArgumentException(before.displayName() + " needs a base URL before it can be enabled");
        }
        jdbc.sql("""
                        update provider_connection set enabled = :enabled, base_url = :baseUrl, timeout_seconds = :timeout,
                               updated_by = :actor, updated_at = now() where provider_code = :code""")
                .param("enabled", change.enabled()).param("baseUrl", baseUrl).param("timeout", change.timeoutSeconds())
                .param("actor", AuditLog.actor()).param("code", code).update();
        if (newKey != null) {
            storeKey(code, newKey.isEmpty() ? null : newKey);
        }
        references.changed(TABLE);
        ProviderConnection after = find(code).orElseThrow();
        audit.record("provider", code, "update", describe(before), describe(after)
                + (newKey == null ? "" : newKey.isEmpty() ? ", key removed" : ", key replaced") + (more == null ? "" : ", " + more));
        return after;
    }

    /** Connections members may be offered right now, by code. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Set<String> enabled() {
        return enabled.get(TABLE, all -> Set.copyOf(jdbc.sql("select provider_code from provider_connection where enabled")
                .query(String.class).list()));
    }

    /**
     * The kind of connection that serves a catalog provider's models: the built-in providers' own, an OpenAI-compatible
     * connection's for the provider it is named after; empty when no connection serves them.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<ProviderKind> kindOf(String providerCode) {
        return OrganizationConnections.owned(providerCode) ? organizations.kindOf(providerCode)
                : Optional.ofNullable(kinds().get(providerCode));
    }

    /** The named connections of a kind besides its own ({@code openai-eu} beside {@code openai}: {@link NamedConnections}). */
    @Transactional(propagation = Propagation.SUPPORTS)
    public List<String> namedOf(ProviderKind kind) {
        return kinds().entrySet().stream().filter(entry -> entry.getValue() == kind && NamedConnections.KINDS.contains(kind)
                && !entry.getKey().equals(kind.code())).map(Map.Entry::getKey).sorted().toList();
    }

    private Map<String, ProviderKind> kinds() {
        return kinds.get(TABLE, all -> jdbc.sql("select provider_code, kind from provider_connection")
                .query((rs, row) -> Map.entry(rs.getString(1), ProviderKind.of(rs.getString(2)).orElseThrow())).list().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Where the provider answers, as the platform admins set it (or its own address); for jobs, no signed-in user. */
    @Transactional(readOnly = true)
    public String baseUrl(ProviderKind kind) {
        return find(kind.code()).map(ProviderConnection::effectiveBaseUrl).orElse(kind.defaultBaseUrl());
    }

    /** For the clients that call providers (the chat's and the gateway's); empty when the provider is off. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<Credentials> credentials(ProviderKind kind) {
        return credentials(kind.code());
    }

    /**
     * The credentials of a connection by its code, the platform's or an organization's ({@code acme:openai}, which
     * only that organization's routed calls name); empty when it is off or there is none.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<Credentials> credentials(String connection) {
        return OrganizationConnections.owned(connection) ? organizations.credentials(connection)
                : credentials.get(connection, this::read);
    }

    private Optional<Credentials> read(String code) {
        return jdbc.sql("""
                        select kind, enabled, base_url, api_key_encrypted, timeout_seconds, api_version, preferred
                        from provider_connection where provider_code = ?""")
                .param(code)
                .query((rs, row) -> {
                    ProviderKind kind = ProviderKind.of(rs.getString("kind")).orElseThrow();
                    return rs.getBoolean("enabled") ? new Credentials(kind, code,
                            Optional.ofNullable(rs.getString("base_url")).orElse(kind.defaultBaseUrl()),
                            Optional.ofNullable(rs.getString("api_key_encrypted")).map(secrets::open).orElse(null),
                            rs.getInt("timeout_seconds"), rs.getString("api_version"), rs.getBoolean("preferred")) : null;
                })
                .optional();
    }

    /** A connection given by the deployment's configuration: enabled with that key and address. */
    void configure(ProviderKind kind, String baseUrl, String apiKey) {
        configure(kind.code(), baseUrl, apiKey);
    }

    void configure(String code, String baseUrl, String apiKey) {
        String newKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        jdbc.sql("""
                        update provider_connection set enabled = true, base_url = ?,
                               updated_by = 'environment', updated_at = now() where provider_code = ?""")
                .params(baseUrl == null || baseUrl.isBlank() ? null : baseUrl.trim(), code).update();
        if (newKey != null) {
            storeKey(code, newKey);
        }
        references.changed(TABLE);
        audit.record("provider", code, "configured from the environment", null, find(code).map(ProviderConnections::describe)
                .orElse(code));
    }

    /** Every single connection (one per built-in provider, Azure) gets its row once; only the offline demo starts enabled. */
    void createMissing() {
        for (ProviderKind kind : ProviderKind.values()) {
            if (kind.single()) {
                jdbc.sql("""
                                insert into provider_connection (provider_code, kind, enabled, updated_by) values (?, ?, ?, 'system')
                                on conflict do nothing""")
                        .params(kind.code(), kind.code(), kind == ProviderKind.DEMO).update();
            }
        }
        references.changed(TABLE);
    }

    /** Creates an OpenAI-compatible connection's row, switched off, when it has none; @return whether it was new. */
    boolean createCompatible(String code, String name) {
        int created = jdbc.sql("""
                        insert into provider_connection (provider_code, kind, display_name, enabled, updated_by)
                        values (?, 'compatible', ?, false, ?) on conflict do nothing""")
                .params(code, name, AuditLog.actor()).update();
        jdbc.sql("update provider_connection set display_name = ? where provider_code = ? and kind = 'compatible'")
                .params(name, code).update();
        references.changed(TABLE);
        return created > 0;
    }

    /** Azure's api-version and whether the catalog models it serves go through it. */
    void setAzure(String apiVersion, Boolean preferred) {
        jdbc.sql("update provider_connection set api_version = coalesce(?, api_version), preferred = coalesce(?, preferred) where provider_code = ?")
                .params(apiVersion, preferred, ProviderKind.AZURE.code()).update();
        references.changed(TABLE);
    }

    /** Whether the catalog models a connection serves are called through it rather than through their own provider. */
    void setPreferred(String code, boolean preferred) {
        jdbc.sql("update provider_connection set preferred = ? where provider_code = ?").params(preferred, code).update();
        references.changed(TABLE);
    }

    Optional<ProviderConnection> find(String code) {
        return jdbc.sql(SELECT + " where provider_code = ?").param(code).query((rs, row) -> connection(rs)).optional();
    }

    private void storeKey(String code, String key) {
        jdbc.sql("update provider_connection set api_key_encrypted = ?, api_key_hint = ? where provider_code = ?")
                .params(key == null ? null : secrets.seal(key), key == null ? null : hint(key), code).update();
    }

    private static ProviderConnection connection(ResultSet rs) throws SQLException {
        return new ProviderConnection(rs.getString("provider_code"), ProviderKind.of(rs.getString("kind")).orElseThrow(),
                rs.getString("display_name"), rs.getBoolean("enabled"), rs.getString("base_url"), rs.getBoolean("has_key"),
                rs.getString("api_key_hint"), rs.getInt("timeout_seconds"), rs.getString("api_version"),
                rs.getBoolean("preferred"), rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
    }

    private static String hint(String key) {
        return key.length() <= 8 ? "…" : "…" + key.substring(key.length() - 4);
    }

    private static String describe(ProviderConnection c) {
        return (c.enabled() ? "enabled" : "disabled") + ", " + c.effectiveBaseUrl() + ", timeout " + c.timeoutSeconds()
                + " s, key " + (c.hasApiKey() ? c.apiKeyHint() : "none");
    }
}
