package dev.tokentally.models;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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
 * Platform admins switch providers on and off and set where and with which key they are called. Keys
 * are sealed before they reach the database and opened only to build a model client.
 */
@Service
@Validated
@Transactional
public class ProviderConnections {

    private static final String SELECT = """
            select provider_code, enabled, base_url, api_key_encrypted is not null as has_key, api_key_hint,
                   timeout_seconds, updated_by, updated_at from provider_connection""";

    /** What a client needs to call a provider; the key in clear exists only here. */
    public record Credentials(ProviderKind kind, String baseUrl, String apiKey, int timeoutSeconds) {
        @Override
        public String toString() {
            return "Credentials[" + kind + ", " + baseUrl + "]";
        }
    }

    private static final String TABLE = "provider_connection";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final ReferenceChanges references;
    /**
     * The enabled providers and each provider's credentials, read on every model call: kept per instance and dropped
     * on every instance when a connection changes (V21's NOTIFY), so a call costs no database round trip.
     */
    private final ReferenceCache<String, Set<ProviderKind>> enabled;
    private final ReferenceCache<ProviderKind, Optional<Credentials>> credentials;

    ProviderConnections(JdbcClient jdbc, SecretBox secrets, AuditLog audit, ReferenceChanges references) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.audit = audit;
        this.references = references;
        this.enabled = references.cache(1, TABLE);
        this.credentials = references.cache(ProviderKind.values().length, TABLE);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public List<ProviderConnection> list() {
        return jdbc.sql(SELECT).query((rs, row) -> connection(rs)).list().stream()
                .sorted((a, b) -> a.kind().compareTo(b.kind())).toList();
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public ProviderConnection update(ProviderKind kind, @Valid ProviderConnectionChange change) {
        ProviderConnection before = find(kind).orElseThrow(() -> new NotFoundException("No such provider"));
        String baseUrl = change.baseUrl() == null || change.baseUrl().isBlank() || !kind.hasBaseUrl() ? null
                : change.baseUrl().trim();
        String newKey = change.newApiKey() == null ? null : change.newApiKey().trim();
        boolean willHaveKey = newKey == null ? before.hasApiKey() : !newKey.isEmpty();
        if (change.enabled() && kind.needsApiKey() && !willHaveKey) {
            throw new IllegalArgumentException(kind.displayName() + " needs an API key before it can be enabled");
        }
        jdbc.sql("""
                        update provider_connection set enabled = :enabled, base_url = :baseUrl, timeout_seconds = :timeout,
                               updated_by = :actor, updated_at = now() where provider_code = :code""")
                .param("enabled", change.enabled()).param("baseUrl", baseUrl).param("timeout", change.timeoutSeconds())
                .param("actor", AuditLog.actor()).param("code", kind.code()).update();
        if (newKey != null) {
            jdbc.sql("update provider_connection set api_key_encrypted = ?, api_key_hint = ? where provider_code = ?")
                    .params(newKey.isEmpty() ? null : secrets.seal(newKey), newKey.isEmpty() ? null : hint(newKey),
                            kind.code()).update();
        }
        references.changed(TABLE);
        ProviderConnection after = find(kind).orElseThrow();
        audit.record("provider", kind.code(), "update", describe(before), describe(after)
                + (newKey == null ? "" : newKey.isEmpty() ? ", key removed" : ", key replaced"));
        return after;
    }

    /** Providers members may be offered right now. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Set<ProviderKind> enabled() {
        return enabled.get(TABLE, all -> jdbc.sql("select provider_code from provider_connection where enabled")
                .query(String.class).list().stream()
                .flatMap(code -> ProviderKind.of(code).stream()).collect(Collectors.toUnmodifiableSet()));
    }

    /** Where the provider answers, as the platform admins set it (or its own address); for jobs, no signed-in user. */
    @Transactional(readOnly = true)
    public String baseUrl(ProviderKind kind) {
        return find(kind).map(ProviderConnection::effectiveBaseUrl).orElse(kind.defaultBaseUrl());
    }

    /** For the clients that call providers (the chat's and the gateway's); empty when the provider is off. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<Credentials> credentials(ProviderKind kind) {
        return credentials.get(kind, this::read);
    }

    private Optional<Credentials> read(ProviderKind kind) {
        return jdbc.sql("select enabled, base_url, api_key_encrypted, timeout_seconds from provider_connection where provider_code = ?")
                .param(kind.code())
                .query((rs, row) -> rs.getBoolean("enabled") ? new Credentials(kind,
                        Optional.ofNullable(rs.getString("base_url")).orElse(kind.defaultBaseUrl()),
                        Optional.ofNullable(rs.getString("api_key_encrypted")).map(secrets::open).orElse(null),
                        rs.getInt("timeout_seconds")) : null)
                .optional();
    }

    /** A connection given by the deployment's configuration: enabled with that key and address. */
    void configure(ProviderKind kind, String baseUrl, String apiKey) {
        String newKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        jdbc.sql("""
                        update provider_connection set enabled = true, base_url = ?,
                               updated_by = 'environment', updated_at = now() where provider_code = ?""")
                .params(baseUrl == null || baseUrl.isBlank() ? null : baseUrl.trim(), kind.code()).update();
        if (newKey != null) {
            jdbc.sql("update provider_connection set api_key_encrypted = ?, api_key_hint = ? where provider_code = ?")
                    .params(secrets.seal(newKey), hint(newKey), kind.code()).update();
        }
        references.changed(TABLE);
        audit.record("provider", kind.code(), "configured from the environment", null, find(kind).map(ProviderConnections::describe)
                .orElse(kind.code()));
    }

    /** Every chat provider gets its row once; only the offline demo starts enabled. */
    void createMissing() {
        for (ProviderKind kind : ProviderKind.values()) {
            jdbc.sql("""
                            insert into provider_connection (provider_code, enabled, updated_by) values (?, ?, 'system')
                            on conflict do nothing""")
                    .params(kind.code(), kind == ProviderKind.DEMO).update();
        }
        references.changed(TABLE);
    }

    private Optional<ProviderConnection> find(ProviderKind kind) {
        return jdbc.sql(SELECT + " where provider_code = ?").param(kind.code()).query((rs, row) -> connection(rs)).optional();
    }

    private static ProviderConnection connection(ResultSet rs) throws SQLException {
        return new ProviderConnection(ProviderKind.of(rs.getString("provider_code")).orElseThrow(), rs.getBoolean("enabled"),
                rs.getString("base_url"), rs.getBoolean("has_key"), rs.getString("api_key_hint"),
                rs.getInt("timeout_seconds"), rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
    }

    private static String hint(String key) {
        return key.length() <= 8 ? "…" : "…" + key.substring(key.length() - 4);
    }

    private static String describe(ProviderConnection c) {
        return (c.enabled() ? "enabled" : "disabled") + ", " + c.effectiveBaseUrl() + ", timeout " + c.timeoutSeconds()
                + " s, key " + (c.hasApiKey() ? c.apiKeyHint() : "none");
    }
}
