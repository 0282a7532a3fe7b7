package dev.tokentally.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.secrets.SecretBox;
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
    SecretBox secrets;

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
        idp.register(providers, userDetails, jdbc, "acme", "acme.test, acme.example", "groups", "tt-admins");
        signInPath = "/" + providers.signInChoices().getFirst().url();
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
        idp.nextSignIn(subject, claims);
        return visit(signInPath);
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
        String landed = signIn("carol-at-idp", Map.of("email", "Carol@acme.test", "name", "Carol Example",
                "groups", List.of("tt-users")));

        assertThat(landed).isEqualTo("/");
        assertThat(account("carol@acme.test")).containsEntry("display_name", "Carol Example").containsEntry("role", "MEMBER")
                .containsEntry("slug", "acme").containsEntry("no_password", true).containsEntry("signed_in", true);
        assertThat(visit("/")).as("the session is signed in").isEqualTo("/");
    }

    @Test
    void a_mapped_group_gives_the_role_and_later_sign_ins_update_name_and_role() throws Exception {
        assertThat(signIn("dave-at-idp", Map.of("email", "dave@acme.example", "name", "Dave", "groups", List.of("tt-admins", "staff"))))
                .isEqualTo("/");
        assertThat(account("dave@acme.example")).containsEntry("role", "ORG_ADMIN").containsEntry("display_name", "Dave");
        int version = (Integer) account("dave@acme.example").get("session_version");

        assertThat(signIn("dave-at-idp", Map.of("email", "dave@acme.example", "given_name", "Dave", "family_name", "Renamed",
                "groups", List.of("staff")))).isEqualTo("/");

        assertThat(account("dave@acme.example")).containsEntry("role", "MEMBER").containsEntry("display_name", "Dave Renamed");
        assertThat((Integer) account("dave@acme.example").get("session_version")).as("sessions with the old role end")
                .isGreaterThan(version);
        assertThat(jdbc.sql("select count(*) from app_user where email = 'dave@acme.example'").query(Long.class).single()).isOne();
    }

    @Test
    void an_email_outside_the_allowed_domains_is_refused_and_no_user_is_created() throws Exception {
        long before = userCount();

        assertThat(signIn("mallory-at-idp", Map.of("email", "mallory@evil.test", "name", "Mallory"))).isEqualTo("/login?error");

        assertThat(userCount()).isEqualTo(before);
        assertThat(visit("/")).as("not signed in").isEqualTo("/login");
    }

    @Test
    void an_unverified_email_or_a_user_of_another_organization_is_refused() throws Exception {
        assertThat(signIn("erin-at-idp", Map.of("email", "erin@acme.test", "email_verified", false))).isEqualTo("/login?error");
        assertThat(jdbc.sql("select count(*) from app_user where email = 'erin@acme.test'").query(Long.class).single()).isZero();

        jdbc.sql("update app_user set email = 'globex-admin@acme.test' where email = 'admin@globex.test'").update();
        assertThat(signIn("globex-at-idp", Map.of("email", "globex-admin@acme.test"))).isEqualTo("/login?error");
        assertThat(account("globex-admin@acme.test")).containsEntry("slug", "globex").containsEntry("role", "ORG_ADMIN");
    }

    @Test
    void an_existing_member_signs_in_as_themselves_until_deactivated_which_also_ends_their_session() throws Exception {
        assertThat(signIn("alice-at-idp", Map.of("email", "alice@acme.test", "name", "Alice Example"))).isEqualTo("/");
        assertThat(visit("/")).isEqualTo("/");

        long alice = jdbc.sql("select id from app_user where email = 'alice@acme.test'").query(Long.class).single();
        RunAs.user(userDetails, "admin@acme.test", () -> users.setActive(alice, false));

        assertThat(visit("/")).as("the open session ended").isEqualTo("/login");
        assertThat(signIn("alice-at-idp", Map.of("email", "alice@acme.test"))).isEqualTo("/login?error");
    }

    @Test
    void password_sign_in_turned_off_refuses_members_passwords_but_not_platform_admins_or_the_provider() throws Exception {
        long acme = jdbc.sql("select id from organization where slug = 'acme'").query(Long.class).single();
        RunAs.user(userDetails, "admin@acme.test", () -> {
            providers.setPasswordSignIn(acme, false);
            return null;
        });
        var authentication = authenticationConfiguration.getAuthenticationManager();

        assertThatThrownBy(() -> authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice@acme.test", "demo")))
                .isInstanceOf(CredentialsExpiredException.class);
        assertThat(authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("root@tokentally.test", "demo"))
                .isAuthenticated()).isTrue();
        assertThat(signIn("alice-at-idp", Map.of("email", "alice@acme.test"))).isEqualTo("/");
    }

    @Test
    void password_sign_in_cannot_be_turned_off_without_a_provider_for_the_organization() {
        long globex = jdbc.sql("select id from organization where slug = 'globex'").query(Long.class).single();

        assertThatThrownBy(() -> RunAs.user(userDetails, "admin@globex.test", () -> {
            providers.setPasswordSignIn(globex, false);
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity provider");
        assertThat(jdbc.sql("select password_sign_in from organization where id = ?").param(globex).query(Boolean.class).single()).isTrue();
    }

    @Test
    void a_provider_that_cannot_be_reached_sends_back_to_the_login_page() throws Exception {
        jdbc.sql("""
                        insert into identity_provider (registration_id, name, issuer_uri, client_id, sealed_client_secret,
                          organization_id, default_role)
                        values ('gone', 'Gone SSO', 'http://localhost:1/gone', 'tokentally', ?,
                          (select id from organization where slug = 'acme'), 'MEMBER')""").param(secrets.seal("secret")).update();

        assertThat(visit("/oauth2/authorization/gone")).isEqualTo("/login?error");
        assertThat(visit("/oauth2/authorization/never-registered")).isEqualTo("/login?error");
    }
}
