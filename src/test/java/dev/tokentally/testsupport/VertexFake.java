package dev.tokentally.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google Vertex AI and Google's OAuth token endpoint played by one WireMock server: a service account's JSON key
 * (with a throwaway RSA key, its {@code token_uri} this fake) that the real google-auth library signs JWT assertions
 * with, the token endpoint's answer as Google gives it, and Vertex's model URLs, which require that bearer token.
 */
public final class VertexFake extends WireMockFake {

    public static final String TOKEN = "ya29.c.vertex-access-token-for-tests";
    public static final String PROJECT = "acme-vertex-42";
    public static final String REGION = "europe-west4";
    public static final String CLIENT_EMAIL = "tokentally@acme-vertex-42.iam.gserviceaccount.com";
    static final String TOKEN_PATH = "/oauth2/token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KeyPair keys;

    @Override
    public void beforeEach(ExtensionContext context) {
        super.beforeEach(context);
        server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
    }

    /** Vertex's address for the connection's base URL override. */
    public String baseUrl() {
        return server.baseUrl() + "/vertex";
    }

    /** Where the project's region answers below {@link #baseUrl()}. */
    public static String location() {
        return "/vertex/v1/projects/" + PROJECT + "/locations/" + REGION;
    }

    /** Vertex's OpenAI-compatible chat completions, for Gemini models, called with the token. */
    public static MappingBuilder openAiChat() {
        return post(urlPathEqualTo(location() + "/endpoints/openapi/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN));
    }

    /** A Claude model's {@code :rawPredict} or {@code :streamRawPredict}, called with the token. */
    public static MappingBuilder claude(String vertexModel, String method) {
        return post(urlPathEqualTo(location() + "/publishers/anthropic/models/" + vertexModel + ":" + method))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN));
    }

    /** A new service account key (a fresh RSA key, so that google-auth asks this fake for a token again). */
    public String serviceAccountJson() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return JSON.writeValueAsString(JSON.createObjectNode().put("type", "service_account").put("project_id", PROJECT)
                .put("private_key_id", "3c1a9f0e2b7d4c6a8e5f1b2d3c4a5e6f7a8b9c0d").put("private_key", pem)
                .put("client_email", CLIENT_EMAIL).put("client_id", "104857600000000000042")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth").put("token_uri", server.baseUrl() + TOKEN_PATH)
                .put("universe_domain", "googleapis.com"));
    }

    /**
     * The claims of the JWT assertion google-auth sent to the token endpoint, after checking its RS256 signature with
     * the public half of the last key.
     */
    public JsonNode verifiedAssertion() throws GeneralSecurityException {
        var requests = server.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        if (requests.isEmpty()) {
            throw new AssertionError("google-auth asked the token endpoint for no token");
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : requests.getLast().getBodyAsString().split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            throw new AssertionError("Not a JWT bearer grant: " + form.get("grant_type"));
        }
        String[] jwt = form.get("assertion").split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(keys.getPublic());
        rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        if (!rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
            throw new AssertionError("The assertion is not signed with the service account's key");
        }
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
    }
}
