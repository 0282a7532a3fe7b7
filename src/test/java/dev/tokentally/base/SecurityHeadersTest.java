package dev.tokentally.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** nosniff and the referrer policy on every kind of response, refusals and errors included. */
@TokentallyTest
class SecurityHeadersTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void every_response_says_nosniff_and_keeps_the_referrer_on_this_site() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // A page, a redirect to sign in, the API refusing a missing key, its document, the actuator, a missing file.
        for (String path : List.of("/login", "/invoices", "/api/v1/metrics", "/v3/api-docs", "/actuator/health",
                "/actuator/metrics", "/no-such-file.css")) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding());

            String seen = path + " " + response.statusCode() + " " + response.headers().map();
            assertThat(response.headers().allValues("X-Content-Type-Options")).as(seen).containsExactly("nosniff");
            assertThat(response.headers().allValues("Referrer-Policy")).as(seen).containsExactly("same-origin");
        }
    }
}
