package dev.tokentally.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tokentally.base.AuditLog;
import dev.tokentally.base.DuplicateValueException;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationRepository;
import dev.tokentally.organizations.OrganizationService;
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
 * Identity providers for sign-in with OpenID Connect. Platform admins manage any number, each bound to an
 * organization they choose or platform-wide; an org admin manages one, bound to their own organization. One more
 * may come from the environment ({@link OidcEnvironment}). Each states its email domains, and a domain belongs to
 * one provider: the login page offers a provider only to an address at its domains (home-realm discovery), and
 * lists none to everyone but platform-wide ones flagged so. Client secrets are sealed like provider keys and never
 * shown or logged again.
 */
@Service
@Validated
@Transactional
@EnableConfigurationProperties(OidcEnvironment.class)
public class IdentityProviders {

    private static final Logger log = LoggerFactory.getLogger(IdentityProviders.class);
    private static final String COLUMNS = """
            select p.id, p.registration_id, p.owner_organization_id, p.name, p.issuer_uri, p.client_id, p.sealed_client_secret,
                   p.allowed_domains, p.organization_id, p.default_role, p.role_claim,
                   p.org_admin_values, p.member_values, p.enabled, p.platform_wide, p.shown_on_login_page,
                   p.require_verified_email, p.created_at
            from identity_provider p""";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final CurrentUser currentUser;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final OidcDiscovery discovery;
    private final OidcEnvironment environment;
    private final AuditLog audit;
    private final Clock clock;

    IdentityProviders(JdbcClient jdbc, SecretBox secrets, CurrentUser currentUser, OrganizationRepository organizations,
                      OrganizationService organizationService, OidcDiscovery discovery, OidcEnvironment environment, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.currentUser = currentUser;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.discovery = discovery;
        this.environment = environment;
        this.audit = audit;
        this.clock = clock;
        if (environment.configured()) {
            environment.domainSet();
            log.info("Sign-in with {} ({}) configured from the environment, {}", environment.displayName(), environment.issuerUri(),
                    environment.signsInPlatformWide() ? "platform-wide at " + environment.domains()
                            : StringUtils.hasText(environment.organization()) ? "for organization " + environment.organization()
                            : "for no one: set TOKENTALLY_OIDC_ORGANIZATION, or TOKENTALLY_OIDC_PLATFORM_WIDE and TOKENTALLY_OIDC_DOMAINS");
        }
    }

    /** The settings a new provider starts with: the platform's default for verified email among them. */
    public IdentityProviderSettings newSettings() {
        IdentityProviderSettings settings = new IdentityProviderSettings();
        settings.setRequireVerifiedEmail(environment.requireVerifiedEmail());
        return settings;
    }

    /** A page of the providers: platform admins see every provider; an org admin sees their organization's own. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<IdentityProvider> page(int offset, int limit) {
        SignedInUser me = currentUser.require();
        return me.isPlatformAdmin()
                ? named(jdbc.sql(COLUMNS + " order by p.name, p.id offset ? limit ?").params(offset, limit)
                        .query((rs, row) -> provider(rs)).list())
                : named(jdbc.sql(COLUMNS + " where p.owner_organization_id = ? order by p.id offset ? limit ?")
                        .params(me.organizationId(), offset, limit).query((rs, row) -> provider(rs)).list());
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public IdentityProvider create(@Valid IdentityProviderSettings settings) {
        SignedInUser me = currentUser.require();
        Long owner = me.isPlatformAdmin() ? null : me.organizationId();
        boolean platformWide = platformWide(me, owner, settings);
        Long organizationId = platformWide ? null : organizationFor(me, settings);
        if (owner != null && jdbc.sql("select count(*) from identity_provider where owner_organization_id = ?").param(owner)
                .query(Long.class).single() > 0) {
            throw new DuplicateValueException("name", "Your organization has an identity provider already: edit that one");
        }
        if (!StringUtils.hasText(settings.getClientSecret())) {
            throw new FieldRejectedException("clientSecret", "Client secret is required");
        }
        Checked checked = check(settings, platformWide, -1);
        long id = jdbc.sql("""
                        insert into identity_provider (owner_organization_id, name, issuer_uri, client_id, sealed_client_secret,
                          allowed_domains, organization_id, default_role, role_claim, org_admin_values, member_values, enabled,
                          platform_wide, shown_on_login_page, require_verified_email, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(owner, settings.getName().trim(), checked.issuerUri(), settings.getClientId().trim(),
                        secrets.seal(settings.getClientSecret().trim()), checked.domains(), organizationId,
                        settings.getDefaultRole().name(), checked.roleClaim(), checked.orgAdminValues(), checked.memberValues(),
                        settings.isEnabled(), platformWide, settings.isShownOnLoginPage(), settings.isRequireVerifiedEmail(),
                        Timestamp.from(clock.instant()))
                .query(Long.class).single();
        audit.record("identity_provider", id, "create", null, settings.getName().trim() + " (" + checked.issuerUri() + ")");
        return find(id);
    }

    /** Changes the settings; an empty client secret keeps the stored one. Sign-in links change with every edit. */
    @PreAuthorize(Roles.IS_ADMIN)
    public IdentityProvider update(long id, @Valid IdentityProviderSettings settings) {
        SignedInUser me = currentUser.require();
        IdentityProvider before = get(id);
        boolean platformWide = platformWide(me, before.ownerOrganizationId(), settings);
        Long organizationId = platformWide ? null
                : before.ownerOrganizationId() != null ? before.ownerOrganizationId() : organizationFor(me, settings);
        IdentityProvider.Audience signedIn = before.audience();
        boolean stopsSigningIn = !settings.isEnabled() || !Objects.equals(organizationId, signedIn.organizationId());
        if (before.enabled() && stopsSigningIn && signedIn.organizationId() != null && leavesWithoutSignIn(signedIn.organizationId(), id)) {
            throw new IllegalArgumentException(signedIn.organizationName() + " signs in only through this provider: "
                    + "turn its password sign-in on first");
        }
        Checked checked = check(settings, platformWide, id);
        String sealedSecret = StringUtils.hasText(settings.getClientSecret()) ? secrets.seal(settings.getClientSecret().trim()) : null;
        jdbc.sql("""
                        update identity_provider set registration_id = gen_random_uuid()::text, name = ?, issuer_uri = ?,
                          client_id = ?, sealed_client_secret = coalesce(?, sealed_client_secret), allowed_domains = ?,
                          organization_id = ?, default_role = ?, role_claim = ?, org_admin_values = ?, member_values = ?,
                          enabled = ?, platform_wide = ?, shown_on_login_page = ?, require_verified_email = ?
                        where id = ?""")
                .params(settings.getName().trim(), checked.issuerUri(), settings.getClientId().trim(), sealedSecret,
                        checked.domains(), organizationId, settings.getDefaultRole().name(), checked.roleClaim(),
                        checked.orgAdminValues(), checked.memberValues(), settings.isEnabled(), platformWide,
                        settings.isShownOnLoginPage(), settings.isRequireVerifiedEmail(), id)
                .update();
        audit.record("identity_provider", id, "update", before.name() + " (" + before.issuerUri() + ")",
                settings.getName().trim() + " (" + checked.issuerUri() + ")" + (sealedSecret == null ? "" : ", new client secret"));
        return find(id);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void delete(long id) {
        IdentityProvider provider = get(id);
        IdentityProvider.Audience signedIn = provider.audience();
        if (provider.enabled() && signedIn.organizationId() != null && leavesWithoutSignIn(signedIn.organizationId(), id)) {
            throw new IllegalArgumentException(signedIn.organizationName() + " signs in only through this provider: "
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

    /**
     * The providers the login page offers to an email address: those whose domains include its domain. The page
     * asks for the address first, so it never lists who the customers are. Asks for no signed-in user.
     */
    @Transactional(readOnly = true)
    public List<SignInChoice> signInChoicesFor(String email) {
        String domain = IdentityProviderDomains.of(email);
        List<SignInChoice> choices = new ArrayList<>();
        if (domain.isEmpty()) {
            return choices;
        }
        if (environment.configured() && environment.domainSet().contains(domain)) {
            choices.add(choice(OidcEnvironment.REGISTRATION_ID, environment.displayName()));
        }
        jdbc.sql("""
                        select registration_id, name from identity_provider
                        where enabled and ? = any (string_to_array(allowed_domains, ',')) order by name, id""")
                .param(domain).query((rs, row) -> choice(rs.getString(1), rs.getString(2))).list().forEach(choices::add);
        return choices;
    }

    /** The buttons the login page shows everyone: platform-wide providers flagged so. Asks for no signed-in user. */
    @Transactional(readOnly = true)
    public List<SignInChoice> publicSignInChoices() {
        List<SignInChoice> choices = new ArrayList<>();
        if (environment.configured() && environment.signsInPlatformWide() && environment.showOnLoginPage()) {
            choices.add(choice(OidcEnvironment.REGISTRATION_ID, environment.displayName()));
        }
        jdbc.sql("select registration_id, name from identity_provider where enabled and shown_on_login_page order by name, id")
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
                        RoleMapping.split(rs.getString("allowed_domains")), (Long) rs.getObject("organization_id"),
                        new RoleMapping(rs.getString("role_claim"), RoleMapping.split(rs.getString("org_admin_values")),
                                RoleMapping.split(rs.getString("member_values")), Role.valueOf(rs.getString("default_role"))),
                        rs.getBoolean("platform_wide"), rs.getBoolean("require_verified_email")))
                .optional();
    }

    private SignInProvider fromEnvironment() {
        Long organizationId = StringUtils.hasText(environment.organization())
                ? organizationService.idOfSlug(environment.organization().trim()).orElse(null)
                : null;
        return new SignInProvider(OidcEnvironment.REGISTRATION_ID, OidcEnvironment.REGISTRATION_ID, environment.displayName(),
                environment.issuerUri().trim(), environment.clientId().trim(),
                environment.clientSecret() == null ? "" : environment.clientSecret().trim(), environment.domainSet(),
                environment.signsInPlatformWide() ? null : organizationId, new RoleMapping(null, Set.of(), Set.of(), Role.MEMBER),
                environment.signsInPlatformWide(), environment.requireVerifiedEmail());
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

    /** Platform-wide only when a platform admin asks for it on a provider no organization owns. */
    private static boolean platformWide(SignedInUser me, Long owner, IdentityProviderSettings settings) {
        if (settings.isPlatformWide() && (!me.isPlatformAdmin() || owner != null)) {
            throw new FieldRejectedException("platformWide", "Only platform admins make a provider platform-wide, and not an organization's own");
        }
        return settings.isPlatformWide();
    }

    private long organizationFor(SignedInUser me, IdentityProviderSettings settings) {
        if (!me.isPlatformAdmin()) {
            return me.organizationId();
        }
        if (settings.getOrganizationId() == null) {
            throw new FieldRejectedException("organizationId", "Choose the organization whose users it signs in, or make it platform-wide");
        }
        return organization(settings.getOrganizationId()).getId();
    }

    private Organization organization(long id) {
        return organizations.findById(id).orElseThrow(() -> new NotFoundException("No such organization"));
    }

    /** Settings checked beyond their annotations, in the form they are stored. */
    private record Checked(String issuerUri, String domains, String roleClaim, String orgAdminValues, String memberValues) {
    }

    private Checked check(IdentityProviderSettings settings, boolean platformWide, long id) {
        if (settings.getDefaultRole() == Role.PLATFORM_ADMIN) {
            throw new FieldRejectedException("defaultRole", "Identity providers sign in members and organization admins only");
        }
        if (settings.isShownOnLoginPage() && !platformWide) {
            throw new FieldRejectedException("shownOnLoginPage", "Only a platform-wide provider is shown to everyone: "
                    + "an organization's is offered to the addresses at its domains");
        }
        Set<String> domains;
        try {
            domains = IdentityProviderDomains.parse(settings.getAllowedDomains());
        } catch (IllegalArgumentException notADomain) {
            throw new FieldRejectedException("allowedDomains", notADomain.getMessage());
        }
        if (domains.isEmpty()) {
            throw new FieldRejectedException("allowedDomains", "Name the email domains it signs in, such as example.com");
        }
        for (String domain : domains) {
            if (claimedElsewhere(domain, id)) {
                throw new FieldRejectedException("allowedDomains", domain + " signs in through another identity provider already");
            }
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

    /** One provider per domain, so that the login page offers one way in to an address. */
    private boolean claimedElsewhere(String domain, long id) {
        return environment.configured() && environment.domainSet().contains(domain)
                || jdbc.sql("select count(*) from identity_provider where id <> ? and ? = any (string_to_array(allowed_domains, ','))")
                        .params(id, domain).query(Long.class).single() > 0;
    }

    private IdentityProvider find(long id) {
        IdentityProvider provider = jdbc.sql(COLUMNS + " where p.id = ?").param(id).query((rs, row) -> provider(rs)).optional()
                .orElseThrow(() -> new NotFoundException("No such identity provider"));
        return named(List.of(provider)).getFirst();
    }

    /** The providers with the names of the organizations they sign in, asked of organizations in one read. */
    private List<IdentityProvider> named(List<IdentityProvider> providers) {
        Map<Long, String> names = organizationService.names(providers.stream()
                .map(p -> p.audience().organizationId()).filter(Objects::nonNull).collect(Collectors.toSet()));
        return providers.stream().map(p -> p.withOrganizationName(names.get(p.audience().organizationId()))).toList();
    }

    private static IdentityProvider provider(ResultSet rs) throws SQLException {
        return new IdentityProvider(rs.getLong("id"), (Long) rs.getObject("owner_organization_id"), rs.getString("name"),
                rs.getString("issuer_uri"), rs.getString("client_id"),
                new IdentityProvider.Audience(rs.getString("allowed_domains").replace(",", ", "),
                        (Long) rs.getObject("organization_id"), null,
                        rs.getBoolean("platform_wide"), rs.getBoolean("require_verified_email")),
                new IdentityProvider.RoleMapping(Role.valueOf(rs.getString("default_role")), rs.getString("role_claim"),
                        rs.getString("org_admin_values"), rs.getString("member_values")),
                rs.getBoolean("enabled"), rs.getBoolean("shown_on_login_page"), rs.getTimestamp("created_at").toInstant());
    }
}
