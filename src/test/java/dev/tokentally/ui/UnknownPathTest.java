package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A path nothing serves, over real HTTP: not found for people signed in, sign-in for others, JSON for the APIs. */
@TokentallyTest
class UnknownPathTest {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    /** A browser of its own: its cookies keep the session. */
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in with the login form's own POST, carrying the CSRF token the sign-in page hands out. */
    private void signIn(String email) throws Exception {
        String page = get("/login", "text/html").body();
        Matcher csrf = CSRF.matcher(page);
        assertThat(csrf.find()).as(page).isTrue();
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password=demo&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location")).as(signedIn.headers().map().toString())
                .get().asString().doesNotContain("error");
    }

    @Test
    void a_signed_in_browser_gets_our_not_found_page_with_a_link_home() throws Exception {
        signIn("alice@acme.test");

        for (String path : new String[] {"/home", "/foo.txt", "/no/such/page"}) {
            HttpResponse<String> missing = get(path, "text/html,application/xhtml+xml,*/*;q=0.8");

            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type")).as(path).get().asString().startsWith("text/html");
            assertThat(missing.body()).as(path).contains("This page does not exist").contains("href=\"/\"")
                    .doesNotContain("Whitelabel").doesNotContain("Exception");
        }
        assertThat(get("/", "text/html").statusCode()).as("the start page is still there").isEqualTo(200);
    }

    @Test
    void a_signed_in_client_that_wants_json_gets_a_404_without_a_page() throws Exception {
        signIn("admin@acme.test");

        HttpResponse<String> missing = get("/foo.txt", "application/json");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("Whitelabel").doesNotContain("<html");
    }

    @Test
    void a_visitor_who_is_not_signed_in_is_sent_to_sign_in() throws Exception {
        for (String path : new String[] {"/home", "/foo.txt"}) {
            HttpResponse<String> response = get(path, "text/html");

            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(path).get().asString().endsWith("/login");
        }
    }

    @Test
    void unknown_api_paths_are_json_problem_details_even_for_a_browser() throws Exception {
        String key = fixtures.apiKey("acme").secret();

        for (String path : new String[] {"/api/v1/no-such", "/v1/no-such"}) {
            HttpResponse<String> missing = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + key).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(missing.body()).as(path).contains("\"status\":404").doesNotContain("Whitelabel");
        }
    }
}
