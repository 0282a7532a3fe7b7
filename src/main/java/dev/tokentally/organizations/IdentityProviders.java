package dev.tokentally.organizations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tokentally.base.AuditLog;
import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.secrets.SecretBox;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * Identity providers for sign-in with OpenID Connect. Platform admins manage any number, each joining new
 * users to an organization they choose; an org admin manages one, which joins users to their own
 * organization. One more may come from the environment ({@link OidcEnvironment}). Client secrets are
 * sealed like provider keys and never shown or logged again.
 */
@Service
@Validated
@Transactional
@EnableConfigurationProperties(OidcEnvironment.class)
public class IdentityProviders {

    private static final Logger log = LoggerFactory.getLogger(IdentityProviders.class);
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final String COLUMNS = """
            select p.id, p.registration_id, p.owner_organization_id, p.name, p.issuer_uri, p.client_id, p.sealed_client_secret,
                   p.allowed_domains, p.organization_id, o.name as organization_name, p.default_role, p.role_claim,
                   p.org_admin_values, p.member_values, p.enabled, p.created_at
            from identity_provider p join organization o on o.id = p.organization_id""";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final CurrentUser currentUser;
    private final OrganizationRepository organizations;
    private final OidcDiscovery discovery;
    private final OidcEnvironment environment;
    private final AuditLog audit;
    private final Clock clock;

    IdentityProviders(JdbcClient jdbc, SecretBox secrets, CurrentUser currentUser, OrganizationRepository organizations,
                      OidcDiscovery discovery, OidcEnvironment environment, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.currentUser = currentUser;
        this.organizations = organizations;
        this.discovery = discovery;
        this.environment = environment;
        this.audit = audit;
        this.clock = clock;
        if (environment.configured()) {
            log.info("Sign-in with {} ({}) configured from the environment", environment.displayName(), environment.issuerUri());
        }
    }

    /** Platform admins see every provider; an org admin sees their organization's own. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<IdentityProvider> list() {
        SignedInUser me = currentUser.require();
        return me.isPlatformAdmin()
                ? jdbc.sql(COLUMNS + " order by p.name, p.id").query((rs, row) -> provider(rs)).list()
                : jdbc.sql(COLUMNS + " where p.owner_organization_id = ? order by p.id").param(me.organizationId())
                        .query((rs, row) -> provider(rs)).list();
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public IdentityProvider create(@Valid IdentityProviderSettings settings) {
        SignedInUser me = currentUser.require();
        Long owner = me.isPlatformAdmin() ? null : me.organizationId();
        long organizationId = organizationFor(me, settings);
        if (owner != null && jdbc.sql("select count(*) from identity_provider where owner_organization_id = ?").param(owner)
                .query(Long.class).single() > 0) {
            throw new DuplicateValueException("name", "Your organization has an identity provider already: edit that one");
        }
        if (!StringUtils.hasText(settings.getClientSecret())) {
            throw new FieldRejectedException("clientSecret", "Client secret is required");
        }
        Checked checked = check(settings);
        long id = jdbc.sql("""
                        insert into identity_provider (owner_organization_id, name, issuer_uri, client_id, sealed_client_secret,
                          allowed_domains, organization_id, default_role, role_claim, org_admin_values, member_values, enabled,
                          created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(owner, settings.getName().trim(), checked.issuerUri(), settings.getClientId().trim(),
                        secrets.seal(settings.getClientSecret().trim()), checked.domains(), organizationId,
                        settings.getDefaultRole().name(), checked.roleClaim(), checked.orgAdminValues(), checked.memberValues(),
                        settings.isEnabled(), Timestamp.from(clock.instant()))
                .query(Long.class).single();
        audit.record("identity_provider", id, "create", null, settings.getName().trim() + " (" + checked.issuerUri() + ")");
        return find(id);
    }

    /** Changes the settings; an empty client secret keeps the stored one. Sign-in links change with every edit. */
    @PreAuthorize(Roles.IS_ADMIN)
    public IdentityProvider update(long id, @Valid IdentityProviderSettings settings) {
        SignedInUser me = currentUser.require();
        IdentityProvider before = get(id);
        long organizationId = before.ownerOrganizationId() != null ? before.ownerOrganizationId() : organizationFor(me, settings);
        boolean stopsSigningIn = !settings.isEnabled() || organizationId != before.organizationId();
        if (before.enabled() && stopsSigningIn && leavesWithoutSignIn(before.organizationId(), id)) {
            throw new IllegalArgumentException(before.organizationName() + " signs in only through this provider: "
                    + "turn its password sign-in on first");
        }
        Checked checked = check(settings);
        String sealedSecret = StringUtils.hasText(settings.getClientSecret()) ? secrets.seal(settings.getClientSecret().trim()) : null;
        jdbc.sql("""
                        update identity_provider set registration_id = gen_random_uuid()::text, name = ?, issuer_uri = ?,
                          client_id = ?, sealed_client_secret = coalesce(?, sealed_client_secret), allowed_domains = ?,
                          organization_id = ?, default_role = ?, role_claim = ?, org_admin_values = ?, member_values = ?,
                          enabled = ?
                        where id = ?""")
                .params(settings.getName().trim(), checked.issuerUri(), settings.getClientId().trim(), sealedSecret,
                        checked.domains(), organizationId, settings.getDefaultRole().name(), checked.roleClaim(),
                        checked.orgAdminValues(), checked.memberValues(), settings.isEnabled(), id)
                .update();
        audit.record("identity_provider", id, "update", before.name() + " (" + before.issuerUri() + ")",
                settings.getName().trim() + " (" + checked.issuerUri() + ")" + (sealedSecret == null ? "" : ", new client secret"));
        return find(id);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void delete(long id) {
        IdentityProvider provider = get(id);
        if (provider.enabled() && leavesWithoutSignIn(provider.organizationId(), id)) {
            throw new IllegalArgumentException(provider.organizationName() + " signs in only through this provider: "
                    + "turn its password sign-in on first");
        }
        jdbc.sql("delete from identity_provider where id = ?").param(id).update();
        audit.record("identity_provider", id, "delete", provider.name() + " (" + provider.issuerUri() + ")", null);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public IdentityProvider get(long id) {
        SignedInUser me = currentUser.require();
        IdentityProvider provider = find(id);
        if (!me.isPlatformAdmin() && !me.organizationId().equals(provider.ownerOrganizationId())) {
            throw new NotFoundException("No such identity provider");
        }
        return provider;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public boolean passwordSignIn(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return organization(organizationId).isPasswordSignIn();
    }

    /**
     * Turns password sign-in on or off for the organization's members (platform admins always keep theirs).
     * Off needs an enabled identity provider that signs the organization's users in, so nobody is locked out.
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public void setPasswordSignIn(long organizationId, boolean allowed) {
        currentUser.requireAccessTo(organizationId);
        Organization organization = organization(organizationId);
        if (!allowed && !hasSignInFor(organizationId, null)) {
            throw new IllegalArgumentException("Add and enable an identity provider for " + organization.getName()
                    + " first: without one and without passwords nobody of it could sign in");
        }
        if (organization.isPasswordSignIn() != allowed) {
            organization.setPasswordSignIn(allowed);
            audit.record("organization", organizationId, "password sign-in", allowed ? "off" : "on", allowed ? "on" : "off");
        }
    }

    /** The login page's buttons: every enabled provider, the environment's first. Asks for no signed-in user. */
    @Transactional(readOnly = true)
    public List<SignInChoice> signInChoices() {
        List<SignInChoice> choices = new ArrayList<>();
        if (environment.configured()) {
            choices.add(choice(OidcEnvironment.REGISTRATION_ID, environment.displayName()));
        }
        jdbc.sql("select registration_id, name from identity_provider where enabled order by name, id")
                .query((rs, row) -> choice(rs.getString(1), rs.getString(2))).list().forEach(choices::add);
        return choices;
    }

    /** The enabled provider behind a client registration, its secret opened; for sign-in, no signed-in user. */
    @Transactional(readOnly = true)
    Optional<SignInProvider> forRegistration(String registrationId) {
        if (OidcEnvironment.REGISTRATION_ID.equals(registrationId)) {
            return environment.configured() ? Optional.of(fromEnvironment()) : Optional.empty();
        }
        return jdbc.sql(COLUMNS + " where p.registration_id = ? and p.enabled").param(registrationId)
                .query((rs, row) -> new SignInProvider(rs.getString("registration_id"), IdentityProvider.CALLBACK_PREFIX + rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("issuer_uri"), rs.getString("client_id"), secrets.open(rs.getString("sealed_client_secret")),
                        RoleMapping.split(rs.getString("allowed_domains")), rs.getLong("organization_id"),
                        new RoleMapping(rs.getString("role_claim"), RoleMapping.split(rs.getString("org_admin_values")),
                                RoleMapping.split(rs.getString("member_values")), Role.valueOf(rs.getString("default_role"))),
                        rs.getObject("owner_organization_id") == null))
                .optional();
    }

    private SignInProvider fromEnvironment() {
        Long organizationId = StringUtils.hasText(environment.organization())
                ? jdbc.sql("select id from organization where slug = ?").param(environment.organization().trim())
                        .query(Long.class).optional().orElse(null)
                : null;
        return new SignInProvider(OidcEnvironment.REGISTRATION_ID, OidcEnvironment.REGISTRATION_ID, environment.displayName(), environment.issuerUri().trim(),
                environment.clientId().trim(), environment.clientSecret() == null ? "" : environment.clientSecret().trim(),
                Set.of(), organizationId, new RoleMapping(null, Set.of(), Set.of(), Role.MEMBER), true);
    }

    private static SignInChoice choice(String registrationId, String name) {
        return new SignInChoice(name, "oauth2/authorization/" + registrationId);
    }

    /** Whether another enabled provider than {@code except} (or the environment's) signs the organization's users in. */
    private boolean hasSignInFor(long organizationId, Long except) {
        boolean environmentSignsIn = environment.configured() && StringUtils.hasText(environment.organization())
                && organizations.findById(organizationId).map(o -> o.getSlug().equals(environment.organization().trim())).orElse(false);
        return environmentSignsIn || jdbc.sql("select count(*) from identity_provider where organization_id = ? and enabled and id <> ?")
                .params(organizationId, except == null ? -1L : except).query(Long.class).single() > 0;
    }

    private boolean leavesWithoutSignIn(long organizationId, long providerId) {
        return !organization(organizationId).isPasswordSignIn() && !hasSignInFor(organizationId, providerId);
    }

    private long organizationFor(SignedInUser me, IdentityProviderSettings settings) {
        if (!me.isPlatformAdmin()) {
            return me.organizationId();
        }
        if (settings.getOrganizationId() == null) {
            throw new FieldRejectedException("organizationId", "Choose the organization new users join");
        }
        return organization(settings.getOrganizationId()).getId();
    }

    private Organization organization(long id) {
        return organizations.findById(id).orElseThrow(() -> new NotFoundException("No such organization"));
    }

    /** Settings checked beyond their annotations, in the form they are stored. */
    private record Checked(String issuerUri, String domains, String roleClaim, String orgAdminValues, String memberValues) {
    }

    private Checked check(IdentityProviderSettings settings) {
        if (settings.getDefaultRole() == Role.PLATFORM_ADMIN) {
            throw new FieldRejectedException("defaultRole", "Identity providers sign in members and organization admins only");
        }
        List<String> domains = new ArrayList<>();
        for (String domain : RoleMapping.split(settings.getAllowedDomains().toLowerCase(Locale.ROOT))) {
            String bare = domain.startsWith("@") ? domain.substring(1) : domain;
            if (!DOMAIN.matcher(bare).matches()) {
                throw new FieldRejectedException("allowedDomains", bare + " is not a domain such as example.com");
            }
            domains.add(bare);
        }
        String claim = settings.getRoleClaim() == null ? "" : settings.getRoleClaim().trim();
        Set<String> admins = RoleMapping.split(settings.getOrgAdminValues());
        Set<String> members = RoleMapping.split(settings.getMemberValues());
        if (claim.isEmpty() && !(admins.isEmpty() && members.isEmpty())) {
            throw new FieldRejectedException("roleClaim", "Name the claim whose values map to roles, such as groups");
        }
        String issuer = settings.getIssuerUri().trim();
        discovery.discover(issuer);
        return new Checked(issuer, String.join(",", domains), claim.isEmpty() ? null : claim, RoleMapping.join(admins),
                RoleMapping.join(members));
    }

    private IdentityProvider find(long id) {
        return jdbc.sql(COLUMNS + " where p.id = ?").param(id).query((rs, row) -> provider(rs)).optional()
                .orElseThrow(() -> new NotFoundException("No such identity provider"));
    }

    private static IdentityProvider provider(ResultSet rs) throws SQLException {
        return new IdentityProvider(rs.getLong("id"), (Long) rs.getObject("owner_organization_id"), rs.getString("name"),
                rs.getString("issuer_uri"), rs.getString("client_id"), rs.getString("allowed_domains").replace(",", ", "),
                rs.getLong("organization_id"), rs.getString("organization_name"), Role.valueOf(rs.getString("default_role")),
                rs.getString("role_claim"), rs.getString("org_admin_values"), rs.getString("member_values"),
                rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant());
    }
}
