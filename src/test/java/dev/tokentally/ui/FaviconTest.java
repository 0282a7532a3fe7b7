package dev.tokentally.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** Every page's browser asks for /favicon.ico, signed in or not. */
@TokentallyTest
class FaviconTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void the_favicon_is_an_image_served_to_anyone() throws Exception {
        HttpResponse<byte[]> icon = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/favicon.ico")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).get().asString().startsWith("image/");
        assertThat(icon.body()).as("an icon file").startsWith(new byte[] {0, 0, 1, 0});
    }
}
