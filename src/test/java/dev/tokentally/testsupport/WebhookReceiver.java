package dev.tokentally.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.MatchesJsonSchemaPattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * WireMock playing the receivers of alert channels (any path answers 200), checking webhook deliveries as a
 * receiver would: the signature recomputed with nothing from Tokentally's code, the timestamp's age, and the body
 * against the schema the OpenAPI document publishes for its event.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What a receiver accepts as the age of a signature before it calls it a replay. */
    private static final long TOLERANCE_SECONDS = 300;

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    public WebhookReceiver() {
        server.start();
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public List<LoggedRequest> requests(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    /** The webhook events received at the path, each one's signature checked with the secret at the moment {@code now}. */
    public List<JsonNode> verifiedEvents(String path, String secret, Instant now) {
        return requests(path).stream().map(request -> verified(request, secret, now)).toList();
    }

    /** The event in the request, once its signature checked out with the secret at the moment {@code now}. */
    public static JsonNode verified(LoggedRequest request, String secret, Instant now) {
        String header = request.getHeader("X-Tokentally-Signature");
        assertThat(header).as("signature header").matches("t=\\d+,v1=[0-9a-f]{64}");
        long timestamp = Long.parseLong(header.substring(2, header.indexOf(',')));
        String signature = header.substring(header.indexOf("v1=") + 3);
        String body = request.getBodyAsString();
        assertThat(MessageDigest.isEqual(hmac(secret, timestamp + "." + body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))).as("signature of " + body).isTrue();
        assertThat(Math.abs(now.getEpochSecond() - timestamp)).as("age of the signature").isLessThanOrEqualTo(TOLERANCE_SECONDS);
        return JSON.readTree(body);
    }

    /** Whether the event validates against the body schema of its webhook in the document at /v3/api-docs. */
    public static MatchResult matchesDocumentedSchema(int port, JsonNode event) {
        ObjectNode document = (ObjectNode) JSON.readTree(apiDocs(port));
        // The document itself is the schema, pointed at the event's body, so its references to components resolve.
        document.put("$ref", "#/webhooks/" + event.get("type").asString() + "/post/requestBody/content/application~1json/schema");
        return new MatchesJsonSchemaPattern(document.toString(), WireMock.JsonSchemaVersion.V202012).match(event.toString());
    }

    public static String apiDocs(int port) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
