package dev.tokentally.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.MemberDirectory;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NoControlCharacters;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.TeamDirectory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Organization API keys. The secret is shown once, at creation; only its SHA-256 is stored (the secret
 * is 256 random bits, so a slow password hash adds nothing but latency to every API call).
 */
@Service
@Validated
@Transactional
public class ApiKeys {

    /** A key just created: the only time its secret exists outside the caller's hands. */
    public record Created(ApiKey key, String secret) {
    }

    /** How long a rotated key's old secret keeps working beside the new one. */
    public enum Grace {
        NONE(Duration.ZERO, "none: the old secret stops now"), HOUR(Duration.ofHours(1), "1 hour"),
        DAY(Duration.ofHours(24), "24 hours"), WEEK(Duration.ofDays(7), "7 days");

        private final Duration length;
        private final String label;

        Grace(Duration length, String label) {
            this.length = length;
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final ReferenceChanges references;
    private final TeamDirectory teams;
    private final ApiKeyBindings bindings;
    private final MemberDirectory members;
    /** Looked up when used: the budgets behind it depend on this service. */
    private final ObjectProvider<ApiKeyBudgets> budgets;
    /** Keys by secret hash; only keys that exist, so a new key needs no invalidation. */
    private final ReferenceCache<String, KnownKey> byHash;
    private final ReferenceCache<Long, ApiKeySettings> settingsById;
    /** When each key's last use was last written, so a busy key is written once a minute without asking. */
    private final Map<Long, Instant> lastUseWritten = new ConcurrentHashMap<>();

    ApiKeys(JdbcClient jdbc, CurrentUser currentUser, Clock clock, ReferenceChanges references, TeamDirectory teams,
            ApiKeyBindings bindings, MemberDirectory members, ObjectProvider<ApiKeyBudgets> budgets) {
        this.jdbc = jdbc;
        this.budgets = budgets;
        this.members = members;
        this.bindings = bindings;
        this.currentUser = currentUser;
        this.clock = clock;
        this.references = references;
        this.teams = teams;
        this.byHash = references.cache(100_000, TABLE);
        this.settingsById = references.cache(100_000, TABLE);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<ApiKey> list(long organizationId) {
        return page(organizationId, 0, Integer.MAX_VALUE);
    }

    /** One page of the organization's keys, newest first. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<ApiKey> page(long organizationId, int offset, int limit) {
        currentUser.requireAccessTo(organizationId);
        return jdbc.sql(SELECT + " where organization_id = ? order by created_at desc, id desc offset ? limit ?")
                .params(organizationId, offset, limit).query((rs, row) -> key(rs)).list();
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public Created create(long organizationId,
                          @NotBlank(message = "Name is required") @Size(max = 100, message = "Name is at most 100 characters")
                          @NoControlCharacters String name,
                          Instant expiresAt) {
        currentUser.requireAccessTo(organizationId);
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new IllegalArgumentException("The expiry must be in the future");
        }
        String secret = newSecret();
        long id = insert(organizationId, name.trim(), secret, expiresAt, AuditLog.actor());
        return new Created(find(id).orElseThrow(), secret);
    }

    private static String newSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return "tt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String prefix(String secret) {
        return secret.substring(0, Math.min(8, secret.length()));
    }

    /**
     * Creates a key with everything it may do at once: its settings, its team (null: none) and its budget (null: none).
     * Any part refused (a field message for the form) creates nothing.
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public Created create(long organizationId,
                          @NotBlank(message = "Name is required") @Size(max = 100, message = "Name is at most 100 characters")
                          @NoControlCharacters String name,
                          Instant expiresAt, @Valid ApiKeySettings settings, Long teamId, ApiKeyBudgets.Limit budget) {
        Created created = create(organizationId, name, expiresAt);
        updateSettings(created.key().id(), settings, teamId);
        if (budget != null) {
            budgets.getObject().open(organizationId, created.key().id(), created.key().name(), budget);
        }
        return created;
    }

    /**
     * A new secret for the key, its settings unchanged. The old secret keeps working until the grace period ends,
     * checked at every use (so on every instance, whatever its cache holds); a secret rotated out earlier stops now.
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public Created rotate(long keyId, Grace grace) {
        ApiKey key = find(keyId).filter(found -> found.revokedAt() == null)
                .orElseThrow(() -> new NotFoundException("No such API key"));
        currentUser.requireAccessTo(key.organizationId());
        String secret = newSecret();
        boolean keepOld = grace.length.isPositive();
        jdbc.sql("""
                        update api_key set previous_secret_hash = case when ? then secret_hash end,
                               previous_secret_expires_at = ?, secret_hash = ?, prefix = ? where id = ?""")
                .params(keepOld, keepOld ? Timestamp.from(clock.instant().plus(grace.length)) : null, hash(secret),
                        prefix(secret), keyId)
                .update();
        references.changed(TABLE);
        return new Created(find(keyId).orElseThrow(), secret);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void revoke(long keyId) {
        ApiKey key = find(keyId).orElseThrow(() -> new NotFoundException("No such API key"));
        currentUser.requireAccessTo(key.organizationId());
        jdbc.sql("update api_key set revoked_at = ? where id = ? and revoked_at is null")
                .params(Timestamp.from(clock.instant()), keyId).update();
        references.changed(TABLE);
    }

    /**
     * The organization behind a secret for the REST API, if the key exists, is neither revoked nor expired and
     * has the ingest scope.
     */
    public Optional<ApiKeyPrincipal> authenticate(String secret) {
        return authenticate(secret, ApiKeySettings.INGEST);
    }

    /**
     * The organization behind a secret, if the key exists, is neither revoked nor expired and has the scope. Known
     * keys come from the instance's cache, which every instance drops when a key changes (revoked, say), so a busy
     * key costs no database round trip; no transaction of its own.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<ApiKeyPrincipal> authenticate(String secret, String scope) {
        return caller(secret, scope).map(Caller::principal);
    }

    /** A key that authenticated, with its settings: what the gateway needs of a caller. */
    public record Caller(ApiKeyPrincipal principal, ApiKeySettings settings) {
    }

    /**
     * As {@link #authenticate(String, String)}, with the key's settings read in the same lookup (one cache entry per
     * secret), so that a gateway call looks its key up once.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Optional<Caller> caller(String secret, String scope) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // A rotated-out secret is found by its previous hash, with the end of its grace period kept in its entry.
        Optional<KnownKey> key = Optional.ofNullable(byHash.get(hash(secret),
                hash -> jdbc.sql(SELECT_WITH_SETTINGS + " where secret_hash = ? or previous_secret_hash = ?")
                        .params(hash, hash)
                        .query((rs, row) -> {
                            ApiKey found = key(rs);
                            return new KnownKey(found, settings(rs, 11),
                                    hash.equals(rs.getString(18)) ? found.previousSecretUntil() : null);
                        })
                        .optional().orElse(null)))
                .filter(found -> found.key().usableAt(now) && (found.secretEndsAt() == null || found.secretEndsAt().isAfter(now))
                        && found.settings().scopes().contains(scope));
        key.ifPresent(found -> noteUse(found.key().id(), now));
        return key.map(found -> new Caller(new ApiKeyPrincipal(found.key().id(), found.key().organizationId(),
                found.key().name()), found.settings()));
    }

    /** Written at most once a minute per key, so that a busy key does not turn every call into a write. */
    private void noteUse(long keyId, Instant now) {
        Instant written = lastUseWritten.get(keyId);
        if (written != null && written.isAfter(now.minusSeconds(60))) {
            return;
        }
        lastUseWritten.put(keyId, now);
        jdbc.sql("update api_key set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
                .params(Timestamp.from(now), keyId, Timestamp.from(now.minusSeconds(60))).update();
    }

    /**
     * A key's settings, for the services that act on an authenticated key's behalf: from the instance's cache, dropped
     * on every instance when a key changes, so a busy key's calls cost no database round trip; no transaction of its own.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public ApiKeySettings settings(long keyId) {
        return Optional.ofNullable(settingsById.get(keyId, id -> jdbc.sql("select " + SETTINGS_COLUMNS + " from api_key where id = ?")
                .param(id).query((rs, row) -> settings(rs, 1)).optional().orElse(null)))
                .orElseThrow(() -> new NotFoundException("No such API key"));
    }

    /** The settings in the result's columns from {@code first} on, as {@link #SETTINGS_COLUMNS} lists them. */
    private static ApiKeySettings settings(java.sql.ResultSet rs, int first) throws java.sql.SQLException {
        return new ApiKeySettings(Set.of((String[]) rs.getArray(first).getArray()),
                rs.getArray(first + 1) == null ? List.of() : List.of((String[]) rs.getArray(first + 1).getArray()),
                (Long) rs.getObject(first + 2), rs.getString(first + 3), (Integer) rs.getObject(first + 4),
                (Integer) rs.getObject(first + 5), (Integer) rs.getObject(first + 6));
    }

    /**
     * Saves the key's settings. Its models must be catalog models the organization allows (by name or
     * {@code provider/name}), its agent one of the organization's (kept as the agent spells its name), its member one
     * of the organization's; otherwise nothing changes.
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public void updateSettings(long keyId, @Valid ApiKeySettings requested) {
        ApiKey key = find(keyId).orElseThrow(() -> new NotFoundException("No such API key"));
        currentUser.requireAccessTo(key.organizationId());
        ApiKeySettings settings = bindable(key.organizationId(), requested);
        if (settings.userId() != null && !members.belongsTo(settings.userId(), key.organizationId())) {
            throw new IllegalArgumentException("The member must belong to the key's organization");
        }
        jdbc.sql("""
                        update api_key set scopes = ?, allowed_models = ?, user_id = ?, agent_name = ?,
                               requests_per_minute = ?, tokens_per_minute = ?, cache_ttl_seconds = ? where id = ?""")
                .params(settings.scopes().stream().sorted().toArray(String[]::new),
                        settings.allowedModels().isEmpty() ? null : settings.allowedModels().toArray(String[]::new),
                        settings.userId(), settings.agentName(), settings.requestsPerMinute(), settings.tokensPerMinute(),
                        settings.cacheTtlSeconds(), keyId)
                .update();
        references.changed(TABLE);
    }

    /** The models a key of the organization may be limited to, as {@code provider/name}, for a form to offer. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<String> modelChoices(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return bindings.models(organizationId).stream().map(ApiKeyBindings.Model::qualifiedName).sorted().toList();
    }

    /** The agents a key of the organization may speak for, for a form to offer. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<String> agentChoices(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return bindings.agentNames(organizationId);
    }

    /** The settings if their models and agent are the organization's, the agent named as the organization names it. */
    private ApiKeySettings bindable(long organizationId, ApiKeySettings settings) {
        if (!settings.allowedModels().isEmpty()) {
            Set<String> allowed = new HashSet<>();
            bindings.models(organizationId).forEach(model -> {
                allowed.add(model.name());
                allowed.add(model.qualifiedName());
            });
            List<String> unknown = settings.allowedModels().stream().filter(name -> !allowed.contains(name)).toList();
            if (!unknown.isEmpty()) {
                throw new FieldRejectedException("allowedModels", "Not a model the organization allows: "
                        + String.join(", ", unknown));
            }
        }
        if (settings.agentName() == null) {
            return settings;
        }
        String agent = bindings.agentNames(organizationId).stream().filter(name -> name.equalsIgnoreCase(settings.agentName()))
                .findFirst().orElseThrow(() -> new FieldRejectedException("agentName",
                        "Not an agent of the organization: " + settings.agentName()));
        return new ApiKeySettings(settings.scopes(), settings.allowedModels(), settings.userId(), agent,
                settings.requestsPerMinute(), settings.tokensPerMinute(), settings.cacheTtlSeconds());
    }

    /**
     * The names of the organization's keys (revoked ones included: their past usage still bears their name), for
     * reports. Asks for no signed-in user; callers have established which organization they serve.
     */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Map<Long, String> names(long organizationId) {
        Map<Long, String> names = new HashMap<>();
        jdbc.sql("select id, name from api_key where organization_id = ?").param(organizationId)
                .query((rs, row) -> names.put(rs.getLong(1), rs.getString(2))).list();
        return names;
    }

    /** The team everything the key reports or forwards is charged to, if it has one. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public Optional<Long> team(long keyId) {
        ApiKey key = find(keyId).orElseThrow(() -> new NotFoundException("No such API key"));
        currentUser.requireAccessTo(key.organizationId());
        return boundTeam(keyId);
    }

    /** The team a key is bound to, if it has one; asks for no signed-in user (reports ask it for the key itself). */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<Long> boundTeam(long keyId) {
        return jdbc.sql("select team_id from api_key where id = ? and team_id is not null").param(keyId).query(Long.class).optional();
    }

    /** Saves the key's settings and its team (null: none), which must be a team of the key's organization. */
    @PreAuthorize(Roles.IS_ADMIN)
    public void updateSettings(long keyId, @Valid ApiKeySettings settings, Long teamId) {
        ApiKey key = find(keyId).orElseThrow(() -> new NotFoundException("No such API key"));
        currentUser.requireAccessTo(key.organizationId());
        if (teamId != null) {
            teams.requireTeam(key.organizationId(), teamId, "teamId");
        }
        jdbc.sql("update api_key set team_id = ? where id = ?").params(teamId, keyId).update();
        updateSettings(keyId, settings);
    }

    /** For demo mode: a key with a secret chosen by configuration. */
    void createWithSecret(long organizationId, String name, String secret) {
        insert(organizationId, name, secret, null, "demo");
    }

    private long insert(long organizationId, String name, String secret, Instant expiresAt, String createdBy) {
        return jdbc.sql("""
                        insert into api_key (organization_id, name, prefix, secret_hash, created_by, expires_at)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(organizationId, name, prefix(secret), hash(secret), createdBy,
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .query(Long.class).single();
    }

    private Optional<ApiKey> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query((rs, row) -> key(rs)).optional();
    }

    private static final String TABLE = "api_key";

    private static final String SELECT = """
            select id, organization_id, name, prefix, created_by, created_at, expires_at, revoked_at, last_used_at,
                   previous_secret_expires_at
            from api_key""";

    private static final String SETTINGS_COLUMNS =
            "scopes, allowed_models, user_id, agent_name, requests_per_minute, tokens_per_minute, cache_ttl_seconds";
    private static final String SELECT_WITH_SETTINGS = """
            select id, organization_id, name, prefix, created_by, created_at, expires_at, revoked_at, last_used_at, \
            previous_secret_expires_at, """ + SETTINGS_COLUMNS + ", previous_secret_hash from api_key";

    /**
     * A key as the authentication cache keeps it for one secret: with the scopes it may be used for, and when that
     * secret stops working if it was rotated out (null: the key's current secret).
     */
    private record KnownKey(ApiKey key, ApiKeySettings settings, Instant secretEndsAt) {
    }

    private static ApiKey key(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ApiKey(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)),
                instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
