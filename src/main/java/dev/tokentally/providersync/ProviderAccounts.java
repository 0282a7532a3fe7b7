package dev.tokentally.providersync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.secrets.SecretBox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Provider accounts for sync: platform admins register them for any organization, org admins for their
 * own. The admin key is sealed like chat keys and opened only to call the provider.
 */
@Service
@Transactional
public class ProviderAccounts {

    static final Set<String> PROVIDERS = Set.of("openrouter", "openai", "anthropic");
    private static final String SELECT = """
            select id, organization_id, provider, name, base_url, admin_key_hint, unattributed_user_id, unattributed_agent,
                   enabled, created_at from provider_account""";

    /** What an admin enters; a blank key on an existing account keeps the stored one. */
    public record Change(long organizationId, String provider, String name, String baseUrl, String adminKey,
                         Long unattributedUserId, String unattributedAgent, boolean enabled) {
        @Override
        public String toString() {
            return "Change[" + provider + " " + name + " for organization " + organizationId + "]";
        }
    }

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final Clock clock;
    private final UserAccountService users;

    ProviderAccounts(JdbcClient jdbc, SecretBox secrets, CurrentUser currentUser, AuditLog audit, Clock clock,
                     UserAccountService users) {
        this.users = users;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.currentUser = currentUser;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<ProviderAccount> list() {
        SignedInUser user = currentUser.require();
        return jdbc.sql(SELECT + " where (cast(? as bigint) is null or organization_id = ?) order by provider, name")
                .params(user.isPlatformAdmin() ? null : user.organizationId(), user.isPlatformAdmin() ? null : user.organizationId())
                .query((rs, row) -> account(rs)).list();
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public ProviderAccount save(Long id, Change change) {
        currentUser.requireAccessTo(change.organizationId());
        if (!PROVIDERS.contains(change.provider())) {
            throw new FieldRejectedException("provider", "Sync reads OpenRouter, OpenAI or Anthropic");
        }
        if (change.name() == null || change.name().isBlank() || change.name().length() > 100) {
            throw new FieldRejectedException("name", "A name of 1 to 100 characters");
        }
        String baseUrl = change.baseUrl() == null || change.baseUrl().isBlank() ? null : change.baseUrl().strip();
        if (baseUrl != null && !baseUrl.matches("https?://\\S+")) {
            throw new FieldRejectedException("baseUrl", "Enter an http:// or https:// address");
        }
        ProviderAccount before = id == null ? null : get(id);
        if (before != null) {
            currentUser.requireAccessTo(before.organizationId());
        }
        // Where the sync sends the key is the platform's business: an org admin could otherwise have it sent
        // to a host of theirs, or make the server call internal addresses.
        if (!currentUser.require().isPlatformAdmin() && !Objects.equals(baseUrl, before == null ? null : before.baseUrl())) {
            throw new FieldRejectedException("baseUrl", "Only a platform admin can point an account at another address");
        }
        String key = change.adminKey() == null ? "" : change.adminKey().strip();
        if (id == null && key.isEmpty()) {
            throw new FieldRejectedException("adminKey", "The admin key is required");
        }
        if (before != null && key.isEmpty() && !Objects.equals(baseUrl, before.baseUrl())) {
            // The stored key only ever goes to the address it was entered for.
            throw new FieldRejectedException("adminKey", "Enter the admin key again when changing the address");
        }
        long organizationId = before == null ? change.organizationId() : before.organizationId();
        if (change.unattributedUserId() != null && !users.memberOf(organizationId, change.unattributedUserId())) {
            throw new FieldRejectedException("unattributedUserId", "Choose a member of the account's organization");
        }
        String agent = change.unattributedAgent() == null || change.unattributedAgent().isBlank() ? null : change.unattributedAgent().strip();
        if (id == null) {
            id = jdbc.sql("""
                            insert into provider_account (organization_id, provider, name, base_url, admin_key_encrypted, admin_key_hint,
                                                          unattributed_user_id, unattributed_agent, enabled, created_by, created_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(change.organizationId(), change.provider(), change.name().strip(), baseUrl, secrets.seal(key), hint(key),
                            change.unattributedUserId(), agent, change.enabled(), AuditLog.actor(), Timestamp.from(clock.instant()))
                    .query(Long.class).single();
            audit.record("provider account", id, "create", null, change.provider() + " " + change.name());
        } else {
            jdbc.sql("""
                            update provider_account set name = ?, base_url = ?, unattributed_user_id = ?, unattributed_agent = ?,
                                   enabled = ? where id = ?""")
                    .params(change.name().strip(), baseUrl, change.unattributedUserId(), agent, change.enabled(), id).update();
            if (!key.isEmpty()) {
                jdbc.sql("update provider_account set admin_key_encrypted = ?, admin_key_hint = ? where id = ?")
                        .params(secrets.seal(key), hint(key), id).update();
            }
            audit.record("provider account", id, "update", before.name(), change.name() + (key.isEmpty() ? "" : ", key replaced"));
        }
        return get(id);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void delete(long id) {
        ProviderAccount account = get(id);
        currentUser.requireAccessTo(account.organizationId());
        jdbc.sql("delete from provider_account where id = ?").param(id).update();
        audit.record("provider account", id, "delete", account.name(), null);
    }

    /** The enabled accounts, for the jobs. */
    @Transactional(readOnly = true)
    List<ProviderAccount> enabled() {
        return jdbc.sql(SELECT + " where enabled order by id").query((rs, row) -> account(rs)).list();
    }

    @Transactional(readOnly = true)
    String adminKey(long id) {
        return secrets.open(jdbc.sql("select admin_key_encrypted from provider_account where id = ?").param(id)
                .query(String.class).single());
    }

    @Transactional(readOnly = true)
    ProviderAccount get(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query((rs, row) -> account(rs)).optional()
                .orElseThrow(() -> new NotFoundException("No such provider account"));
    }

    private static String hint(String key) {
        return key.length() <= 8 ? "…" : "…" + key.substring(key.length() - 4);
    }

    private static ProviderAccount account(ResultSet rs) throws SQLException {
        long user = rs.getLong("unattributed_user_id");
        Long userId = rs.wasNull() ? null : user;
        return new ProviderAccount(rs.getLong("id"), rs.getLong("organization_id"), rs.getString("provider"),
                rs.getString("name"), rs.getString("base_url"), rs.getString("admin_key_hint"), userId,
                rs.getString("unattributed_agent"), rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant());
    }
}
