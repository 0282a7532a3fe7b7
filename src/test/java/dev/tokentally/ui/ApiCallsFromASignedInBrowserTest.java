package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A page that calls the REST API with {@code fetch} sends the browser's session cookie along. The API is stateless:
 * such a call must leave the signed-in session as it is. It used to give the session a new id on every call (Spring
 * Security's session-fixation protection, seeing the API key's authentication), so a request the page sent meanwhile
 * with the cookie it had (its push connection's, the next page load's) found no session: under load, where those
 * overlap, the dashboard signed its user out. The actuator's HTTP basic did the same to a platform admin's browser.
 */
@TokentallyTest
class ApiCallsFromASignedInBrowserTest {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @Value("${local.server.port}")
    int port;
    @Autowired
    Fixtures fixtures;

    private final CookieManager cookies = new CookieManager();
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private void signIn(String email) throws Exception {
        String page = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF.matcher(page);
        assertThat(csrf.find()).as(page).isTrue();
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password=demo&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location")).get().asString().doesNotContain("error");
    }

    private String sessionCookie() {
        return cookies.getCookieStore().get(uri("/")).stream().filter(cookie -> cookie.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
    }

    @Test
    void an_api_call_carrying_the_session_cookie_leaves_the_signed_in_session_as_it_is() throws Exception {
        signIn("admin@acme.test");
        String cookie = sessionCookie();
        String key = fixtures.apiKey("acme").secret();

        HttpResponse<String> recorded = browser.send(HttpRequest.newBuilder(uri("/api/v1/usage"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"idempotency_key": "from-the-page-1", "provider": "openai", "model": "gpt-4o-mini",
                         "input_tokens": 1000, "output_tokens": 200, "user": "admin@acme.test"}""")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        assertThat(recorded.headers().allValues("Set-Cookie")).as("a new session id for the browser").isEmpty();
        // A request the page sent meanwhile, with the cookie it had, is still signed in.
        HttpResponse<Void> dashboard = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/dashboard"))
                .header("Cookie", "JSESSIONID=" + cookie).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(dashboard.statusCode()).as("redirected to %s", dashboard.headers().firstValue("Location").orElse(""))
                .isEqualTo(200);
    }

    @Test
    void a_metrics_call_with_http_basic_carrying_the_session_cookie_leaves_the_session_as_it_is() throws Exception {
        signIn("root@tokentally.test");
        String credentials = Base64.getEncoder().encodeToString("root@tokentally.test:demo".getBytes(StandardCharsets.UTF_8));

        HttpResponse<Void> metrics = browser.send(HttpRequest.newBuilder(uri("/actuator/metrics"))
                .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().allValues("Set-Cookie")).as("a new session id for the browser").isEmpty();
    }
}
