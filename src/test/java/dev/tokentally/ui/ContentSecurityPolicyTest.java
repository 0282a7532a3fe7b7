package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** Every page Vaadin serves carries the policy; its effect in a browser is in ChatBrowserTest. */
@TokentallyTest
class ContentSecurityPolicyTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void pages_carry_the_content_security_policy_with_images_from_the_application_only() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : java.util.List.of("/login", "/", "/chat", "/swagger-ui.html")) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding());

            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path + " " + response.statusCode() + " " + response.headers().map())
                    .contains(SecurityConfig.CONTENT_SECURITY_POLICY);
        }
    }
}
