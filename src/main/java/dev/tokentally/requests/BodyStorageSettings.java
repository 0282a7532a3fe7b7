package dev.tokentally.requests;

import java.util.List;
import java.util.Map;

import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.OrganizationAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Per organization, whether bodies are stored (off unless an organization admin turns it on). Asked on every call,
 * so it is cached, and dropped on every instance when the setting changes.
 */
@Service
public class BodyStorageSettings {

    private final JdbcClient jdbc;
    private final OrganizationAccess access;
    private final ReferenceChanges changes;
    private final ReferenceCache<Long, BodyStorage> cache;

    BodyStorageSettings(JdbcClient jdbc, OrganizationAccess access, ReferenceChanges changes) {
        this.jdbc = jdbc;
        this.access = access;
        this.changes = changes;
        this.cache = changes.cache(10_000, "request_log_setting");
    }

    /** The organization's setting, for the signed-in admin's settings form. */
    @PreAuthorize(Roles.IS_ADMIN)
    public BodyStorage of(long organizationId) {
        access.requireAccessTo(organizationId);
        return read(organizationId);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void configure(long organizationId, BodyStorage storage) {
        access.requireAccessTo(organizationId);
        jdbc.sql("""
                insert into request_log_setting (organization_id, store_bodies, body_retention_days) values (?, ?, ?)
                on conflict (organization_id) do update set store_bodies = excluded.store_bodies,
                    body_retention_days = excluded.body_retention_days""")
                .params(organizationId, storage.enabled(), storage.retentionDays()).update();
        changes.changed("request_log_setting");
    }

    /** Whether the organization's calls keep their bodies (no access check: asked by the calls themselves). */
    boolean stores(long organizationId) {
        return cache.get(organizationId, this::read).enabled();
    }

    /** The organizations that store bodies, with their retention (for the job that clears old ones). */
    List<Map.Entry<Long, Integer>> storing() {
        return jdbc.sql("select organization_id, body_retention_days from request_log_setting")
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getInt(2))).list();
    }

    private BodyStorage read(long organizationId) {
        return jdbc.sql("select store_bodies, body_retention_days from request_log_setting where organization_id = ?")
                .param(organizationId).query((rs, n) -> new BodyStorage(rs.getBoolean(1), rs.getInt(2))).optional()
                .orElse(BodyStorage.OFF);
    }
}
