package dev.tokentally.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.net.OutboundAddresses;
import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.IdentityProviderServer;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Sign-in through a real OpenID Connect server, over HTTP as a browser follows the redirects: Tokentally's
 * sign-in link, the provider's authorization endpoint, the callback with the code, and where it lands.
 */
@TokentallyTest
class OidcSignInTest {

    private static IdentityProviderServer idp;

    @Value("${local.server.port}")
    int port;
    @Autowired
    IdentityProviders providers;
    @Autowired
    UserAccountService users;
    @Autowired
    UserDetailsService userDetails;
    @Autowired
    AuthenticationConfiguration authenticationConfiguration;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    SecretBox secrets;
    @Autowired
    OutboundAddresses addresses;

    private String signInPath;

    @BeforeAll
    static void startProvider() {
        idp = new IdentityProviderServer();
    }

    @AfterAll
    static void stopProvider() {
        idp.close();
    }

    @BeforeEach
    void registerProvider() {
        idp.register(providers, userDetails, fixtures, "acme", "acme.test, acme.example", "groups", "tt-admins");
        signInPath = "/" + providers.signInChoicesFor("someone@acme.test").getFirst().url();
    }

    /** A browser of its own: its cookies (the session) across the redirects. */
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Follows the redirects from {@code path} and answers where they end ("/login?error" on a refusal). */
    private String visit(String path) throws Exception {
        URI next = URI.create("http://localhost:" + port + path);
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<Void> response = browser.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 3) {
                assertThat(response.statusCode()).as("status at " + next).isEqualTo(200);
                return next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
            }
            next = next.resolve(response.headers().firstValue("Location").orElseThrow());
        }
        throw new AssertionError("More than 10 redirects from " + path);
    }

    private String signIn(String subject, Map<String, Object> claims) throws Exception {
        return signIn(signInPath, subject, claims);
    }

    private String signIn(String path, String subject, Map<String, Object> claims) throws Exception {
        idp.nextSignIn(subject, claims);
        return visit(path);
    }

    /** The claims with {@code email_verified: true}, as a provider that checked the address sends them. */
    private static Map<String, Object> verified(Map<String, Object> claims) {
        Map<String, Object> verified = new java.util.HashMap<>(claims);
        verified.put("email_verified", true);
        return verified;
    }

    private IdentityProviderSettings settings(String name, String domains) {
        IdentityProviderSettings settings = new IdentityProviderSettings();
        settings.setName(name);
        settings.setIssuerUri(idp.issuerUri());
        settings.setClientId(IdentityProviderServer.CLIENT_ID);
        settings.setClientSecret(IdentityProviderServer.CLIENT_SECRET);
        settings.setAllowedDomains(domains);
        return settings;
    }

    private Map<String, Object> account(String email) {
        return jdbc.sql("""
                        select u.display_name, u.role, o.slug, u.password_hash is null as no_password, u.session_version,
                               u.last_sign_in_at is not null as signed_in
                        from app_user u left join organization o on o.id = u.organization_id where u.email = ?""")
                .param(email).query().singleRow();
    }

    private long userCount() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single();
    }

    @Test
    void the_first_sign_in_creates_the_member_in_the_providers_organization() throws Exception {
        String landed = signIn("carol-at-idp", verified(Map.of("email", "Carol@acme.test", "name", "Carol Example",
                "groups", List.of("tt-users"))));

        assertThat(landed).isEqualTo("/");
        assertThat(account("carol@acme.test")).containsEntry("display_name", "Carol Example").containsEntry("role", "MEMBER")
                .containsEntry("slug", "acme").containsEntry("no_password", true).containsEntry("signed_in", true);
        assertThat(visit("/")).as("the session is signed in").isEqualTo("/");
    }

    @Test
    void a_mapped_group_gives_the_role_and_later_sign_ins_update_name_and_role() throws Exception {
        assertThat(signIn("dave-at-idp", verified(Map.of("email", "dave@acme.example", "name", "Dave",
                "groups", List.of("tt-admins", "staff"))))).isEqualTo("/");
        assertThat(account("dave@acme.example")).containsEntry("role", "ORG_ADMIN").containsEntry("display_name", "Dave");
        int version = (Integer) account("dave@acme.example").get("session_version");

        assertThat(signIn("dave-at-idp", verified(Map.of("email", "dave@acme.example", "given_name", "Dave",
                "family_name", "Renamed", "groups", List.of("staff"))))).isEqualTo("/");

        assertThat(account("dave@acme.example")).containsEntry("role", "MEMBER").containsEntry("display_name", "Dave Renamed");
        assertThat((Integer) account("dave@acme.example").get("session_version")).as("sessions with the old role end")
                .isGreaterThan(version);
        assertThat(jdbc.sql("select count(*) from app_user where email = 'dave@acme.example'").query(Long.class).single()).isOne();
    }

    @Test
    void an_email_outside_the_allowed_domains_is_refused_and_no_user_is_created() throws Exception {
        long before = userCount();

        assertThat(signIn("mallory-at-idp", verified(Map.of("email", "mallory@evil.test", "name", "Mallory")))).isEqualTo("/login?error");

        assertThat(userCount()).isEqualTo(before);
        assertThat(visit("/")).as("not signed in").isEqualTo("/login");
    }

    @Test
    void an_unverified_email_or_a_user_of_another_organization_is_refused() throws Exception {
        assertThat(signIn("erin-at-idp", Map.of("email", "erin@acme.test", "email_verified", false))).isEqualTo("/login?error");
        assertThat(jdbc.sql("select count(*) from app_user where email = 'erin@acme.test'").query(Long.class).single()).isZero();

        fixtures.updateUser("admin@globex.test", globexAdmin -> globexAdmin.setEmail("globex-admin@acme.test"));
        assertThat(signIn("globex-at-idp", verified(Map.of("email", "globex-admin@acme.test", "groups", List.of("tt-admins")))))
                .isEqualTo("/login?error");
        assertThat(account("globex-admin@acme.test")).containsEntry("slug", "globex").containsEntry("role", "ORG_ADMIN");
    }

    @Test
    void an_existing_member_signs_in_as_themselves_until_deactivated_which_also_ends_their_session() throws Exception {
        assertThat(signIn("alice-at-idp", verified(Map.of("email", "alice@acme.test", "name", "Alice Example")))).isEqualTo("/");
        assertThat(visit("/")).isEqualTo("/");

        long alice = fixtures.user("alice@acme.test");
        RunAs.user(userDetails, "admin@acme.test", () -> users.setActive(alice, false));

        assertThat(visit("/")).as("the open session ended").isEqualTo("/login");
        assertThat(signIn("alice-at-idp", verified(Map.of("email", "alice@acme.test")))).isEqualTo("/login?error");
    }

    @Test
    void password_sign_in_turned_off_refuses_members_passwords_but_not_platform_admins_or_the_provider() throws Exception {
        long acme = fixtures.organization("acme");
        RunAs.user(userDetails, "admin@acme.test", () -> {
            providers.setPasswordSignIn(acme, false);
            return null;
        });
        var authentication = authenticationConfiguration.getAuthenticationManager();

        assertThatThrownBy(() -> authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice@acme.test", "demo")))
                .isInstanceOf(CredentialsExpiredException.class);
        assertThat(authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("root@tokentally.test", "demo"))
                .isAuthenticated()).isTrue();
        assertThat(signIn("alice-at-idp", verified(Map.of("email", "alice@acme.test")))).isEqualTo("/");
    }

    @Test
    void password_sign_in_cannot_be_turned_off_without_a_provider_for_the_organization() {
        long globex = fixtures.organization("globex");

        assertThatThrownBy(() -> RunAs.user(userDetails, "admin@globex.test", () -> {
            providers.setPasswordSignIn(globex, false);
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity provider");
        assertThat(jdbc.sql("select password_sign_in from organization where id = ?").param(globex).query(Boolean.class).single()).isTrue();
    }

    @Test
    void a_provider_that_cannot_be_reached_sends_back_to_the_login_page() throws Exception {
        // Written directly: saving a provider fetches its issuer's discovery document, which this one does not serve.
        jdbc.sql("""
                        insert into identity_provider (registration_id, name, issuer_uri, client_id, sealed_client_secret,
                          allowed_domains, organization_id, default_role)
                        values ('gone', 'Gone SSO', 'http://localhost:1/gone', 'tokentally', ?, 'gone.test',
                          (select id from organization where slug = 'acme'), 'MEMBER')""").param(secrets.seal("secret")).update();

        assertThat(visit("/oauth2/authorization/gone")).isEqualTo("/login?error");
        assertThat(visit("/oauth2/authorization/never-registered")).isEqualTo("/login?error");
    }

    @Test
    void an_organizations_provider_never_signs_in_a_platform_admin_even_when_it_claims_their_domain() throws Exception {
        // Acme's admin runs Acme's identity provider and states the platform's domain as one of its own.
        long acme = fixtures.organization("acme");
        IdentityProvider own = RunAs.user(userDetails, "admin@acme.test", () -> providers.create(settings("Acme IdP", "tokentally.test")));
        String ownPath = "/" + providers.signInChoicesFor("root@tokentally.test").getFirst().url();
        assertThat(own.audience().organizationId()).isEqualTo(acme);
        int version = (Integer) account("root@tokentally.test").get("session_version");

        assertThat(signIn(ownPath, "root-at-idp", verified(Map.of("email", "root@tokentally.test", "name", "Not Root"))))
                .isEqualTo("/login?error");

        assertThat(visit("/")).as("not signed in").isEqualTo("/login");
        assertThat(account("root@tokentally.test")).containsEntry("role", "PLATFORM_ADMIN").containsEntry("slug", null)
                .containsEntry("display_name", "Root").containsEntry("session_version", version);
    }

    @Test
    void a_provider_a_platform_admin_made_for_a_customer_signs_in_that_customers_users_only() throws Exception {
        // The provider of this class: made by the platform admin, for Acme. It was treated as platform-wide before.
        // Its domains are written directly: an edit through the service renews the sign-in link this test signs in by.
        jdbc.sql("update identity_provider set allowed_domains = 'acme.test,tokentally.test,globex.test'").update();

        assertThat(signIn("root-at-idp", verified(Map.of("email", "root@tokentally.test")))).isEqualTo("/login?error");
        assertThat(signIn("globex-at-idp", verified(Map.of("email", "admin@globex.test", "groups", List.of("tt-admins")))))
                .isEqualTo("/login?error");

        assertThat(account("root@tokentally.test")).containsEntry("role", "PLATFORM_ADMIN").containsEntry("signed_in", false);
        assertThat(account("admin@globex.test")).containsEntry("slug", "globex").containsEntry("signed_in", false);
        assertThat(visit("/")).isEqualTo("/login");
    }

    @Test
    void a_token_without_email_verified_does_not_take_over_an_existing_account() throws Exception {
        Map<String, Object> before = account("bob@acme.test");

        assertThat(signIn("mallory-as-bob", Map.of("email", "bob@acme.test", "name", "Mallory", "groups", List.of("tt-admins"))))
                .isEqualTo("/login?error");
        assertThat(signIn("mallory-as-admin", Map.of("email", "admin@acme.test", "name", "Mallory"))).isEqualTo("/login?error");

        assertThat(visit("/")).as("not signed in").isEqualTo("/login");
        assertThat(account("bob@acme.test")).isEqualTo(before);
        assertThat(account("admin@acme.test")).containsEntry("display_name", "Ada Admin").containsEntry("signed_in", false);
    }

    @Test
    void a_new_account_needs_email_verified_unless_the_provider_does_not_ask_for_it() throws Exception {
        long before = userCount();
        assertThat(signIn("frank-at-idp", Map.of("email", "frank@acme.test", "name", "Frank"))).isEqualTo("/login?error");
        assertThat(userCount()).isEqualTo(before);

        IdentityProvider provider = RunAs.user(userDetails, "root@tokentally.test", () -> providers.page(0, 1).getFirst());
        IdentityProviderSettings lenient = provider.settings();
        lenient.setRequireVerifiedEmail(false);
        RunAs.user(userDetails, "root@tokentally.test", () -> providers.update(provider.id(), lenient));
        String path = "/" + providers.signInChoicesFor("frank@acme.test").getFirst().url();

        assertThat(signIn(path, "frank-at-idp", Map.of("email", "frank@acme.test", "name", "Frank"))).isEqualTo("/");
        assertThat(account("frank@acme.test")).containsEntry("slug", "acme").containsEntry("role", "MEMBER");
        // Linking an existing account still needs it, whatever the provider's setting.
        browser.cookieHandler().ifPresent(cookies -> ((CookieManager) cookies).getCookieStore().removeAll());
        assertThat(signIn(path, "mallory-as-alice", Map.of("email", "alice@acme.test"))).isEqualTo("/login?error");
    }

    @Test
    void an_org_admin_and_a_password_user_are_signed_in_by_their_own_organizations_provider_with_a_verified_email()
            throws Exception {
        assertThat(signIn("ada-at-idp", verified(Map.of("email", "admin@acme.test", "name", "Ada Admin",
                "groups", List.of("tt-admins"))))).isEqualTo("/");

        assertThat(account("admin@acme.test")).containsEntry("role", "ORG_ADMIN").containsEntry("slug", "acme")
                .containsEntry("no_password", false);
    }

    @Test
    void a_platform_wide_provider_signs_in_existing_accounts_at_its_domains_only_and_adds_no_one() throws Exception {
        IdentityProviderSettings wide = settings("Tokentally staff", "tokentally.test");
        wide.setPlatformWide(true);
        wide.setShownOnLoginPage(true);
        RunAs.user(userDetails, "root@tokentally.test", () -> providers.create(wide));
        assertThat(providers.publicSignInChoices()).extracting(SignInChoice::name).containsExactly("Tokentally staff");
        String widePath = "/" + providers.publicSignInChoices().getFirst().url();
        long before = userCount();

        assertThat(signIn(widePath, "intruder", verified(Map.of("email", "new-admin@tokentally.test")))).isEqualTo("/login?error");
        assertThat(signIn(widePath, "alice-at-staff", verified(Map.of("email", "alice@acme.test")))).isEqualTo("/login?error");
        assertThat(signIn(widePath, "root-unverified", Map.of("email", "root@tokentally.test"))).isEqualTo("/login?error");
        assertThat(userCount()).isEqualTo(before);

        assertThat(signIn(widePath, "root-at-staff", verified(Map.of("email", "root@tokentally.test", "groups", List.of("tt-admins")))))
                .isEqualTo("/");
        assertThat(account("root@tokentally.test")).containsEntry("role", "PLATFORM_ADMIN").containsEntry("signed_in", true);
    }

    @Test
    void only_a_platform_admin_makes_a_provider_platform_wide_and_it_must_name_its_domains() {
        IdentityProviderSettings wide = settings("Everyone", "");
        wide.setPlatformWide(true);
        assertThatThrownBy(() -> RunAs.user(userDetails, "root@tokentally.test", () -> providers.create(wide)))
                .isInstanceOf(jakarta.validation.ConstraintViolationException.class);
        wide.setAllowedDomains("acme.test");
        assertThatThrownBy(() -> RunAs.user(userDetails, "root@tokentally.test", () -> providers.create(wide)))
                .isInstanceOf(dev.tokentally.base.FieldRejectedException.class).hasMessageContaining("another identity provider");
        wide.setAllowedDomains("globex.test");
        assertThatThrownBy(() -> RunAs.user(userDetails, "admin@globex.test", () -> providers.create(wide)))
                .isInstanceOf(dev.tokentally.base.FieldRejectedException.class).hasMessageContaining("Only platform admins");
        assertThat(jdbc.sql("select count(*) from identity_provider").query(Long.class).single()).isOne();
    }

    @Test
    void a_provider_whose_issuer_turned_internal_is_not_called_at_sign_in() throws Exception {
        addresses.allowPrivateAddresses(false);
        try {
            // Refused before the provider is asked anything: no sign-in is queued at it.
            assertThat(visit(signInPath)).isEqualTo("/login?error");
        } finally {
            addresses.allowPrivateAddresses(true);
        }
        assertThat(account("alice@acme.test")).containsEntry("signed_in", false);
    }

    @Test
    void at_sign_in_the_token_endpoint_is_called_only_through_the_address_guard() throws Exception {
        assertThat(signIn("alice-at-idp", verified(Map.of("email", "alice@acme.test")))).as("discovered while allowed").isEqualTo("/");
        browser.cookieHandler().ifPresent(cookies -> ((CookieManager) cookies).getCookieStore().removeAll());

        idp.nextSignIn("alice-at-idp", verified(Map.of("email", "alice@acme.test")));
        addresses.allowPrivateAddresses(false);
        try {
            // The provider's own pages are the browser's business; the code is exchanged by the server: refused.
            assertThat(visit(signInPath)).isEqualTo("/login?error");
        } finally {
            addresses.allowPrivateAddresses(true);
        }
        assertThat(visit("/")).as("not signed in").isEqualTo("/login");

        // The provider never handed out the tokens queued for that sign-in: the next one gets them.
        assertThat(visit(signInPath)).as("signed in, back where the visit above was sent away").isEqualTo("/?continue");
    }
}
