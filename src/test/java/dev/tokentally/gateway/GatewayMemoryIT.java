package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tokentally.testsupport.PackagedApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar under the JVM settings we ship ({@code -Xmx256m}): bodies as large as the gateway takes, eight at
 * once, are all answered and billed, and the instance goes on answering (issue #23, item 7). Before, all eight
 * answered 500 with an OutOfMemoryError.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayMemoryIT {

    private static final String KEY = "tt-memory-test-acme-0123456789abcdef";

    @TempDir
    static Path workDirectory;

    private final WireMockServer provider = new WireMockServer(options().dynamicPort().disableRequestJournal());
    private PackagedApplication application;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void startProviderAndApplication() throws Exception {
        provider.start();
        provider.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(GatewayFakes.openAiCompletion("chatcmpl-{{randomValue type='UUID'}}", GatewayFakes.OPENAI_USAGE))
                .withTransformers("response-template")));
        application = PackagedApplication.start(workDirectory, PackagedApplication.shippedJvmOptions(), Map.of(
                "TOKENTALLY_DEMO_HISTORY", "false",
                "TOKENTALLY_DEMO_API_KEYS", "acme:" + KEY,
                "TOKENTALLY_PROVIDERS_OPENAI_API_KEY", "sk-memory-test",
                "TOKENTALLY_PROVIDERS_OPENAI_BASE_URL", provider.baseUrl() + "/v1"));
        awaitDemoKey();
    }

    /** The demo data (and its API key) is loaded just after the start: the key answers once it is there. */
    private void awaitDemoKey() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpRequest models = HttpRequest.newBuilder(URI.create(application.baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + KEY).build();
        while (http.send(models, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The demo API key never answered:\n" + application.logTail());
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    void stop() {
        if (application != null) {
            application.close();
        }
        provider.stop();
    }

    @Test
    void eight_concurrent_bodies_of_the_largest_size_are_all_answered_and_the_instance_stays_up() {
        byte[] body = largestBody();

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 8)
                .mapToObj(i -> http.sendAsync(call(HttpRequest.BodyPublishers.ofByteArray(body)),
                        HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> answers = calls.stream().map(this::answer).toList();

        assertThat(answers).as("log: %s", application.logTail()).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("x-tokentally-cost")).isPresent();
        });
        HttpResponse<String> small = http.sendAsync(call(HttpRequest.BodyPublishers.ofString("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Still there?"}]}""")),
                HttpResponse.BodyHandlers.ofString()).join();
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(application.isAlive()).isTrue();
        assertThat(application.log()).doesNotContain("OutOfMemoryError");
    }

    private HttpResponse<String> answer(CompletableFuture<HttpResponse<String>> call) {
        try {
            return call.join();
        } catch (RuntimeException failed) {
            throw new AssertionError("A call got no answer; the application's log ends:\n" + application.logTail(), failed);
        }
    }

    private HttpRequest call(HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(application.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(3)).POST(body).build();
    }

    /** A chat call of exactly 20 MB, almost all of it one message. */
    private static byte[] largestBody() {
        byte[] head = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[20 * 1024 * 1024];
        Arrays.fill(body, (byte) 'a');
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, body.length - tail.length, tail.length);
        return body;
    }
}
