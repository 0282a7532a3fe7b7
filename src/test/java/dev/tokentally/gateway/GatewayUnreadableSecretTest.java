package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import javax.crypto.spec.SecretKeySpec;

import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Two instances started with different secret keys: a connection whose key the other instance sealed is a clear,
 * retryable 503 in the provider's error shape, with a line in the log for the operator, never a 500.
 */
@TokentallyTest
@ExtendWith(OutputCaptureExtension.class)
class GatewayUnreadableSecretTest extends GatewayTestSupport {

    @Autowired
    ReferenceChanges references;

    @Test
    void a_call_to_a_connection_whose_key_was_sealed_with_another_secret_key_answers_503_and_says_why(CapturedOutput output)
            throws Exception {
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        SecretBox otherInstance = new SecretBox(new SecretKeySpec(otherKey, "AES"));
        jdbc.sql("update provider_connection set api_key_encrypted = ? where provider_code in ('openai', 'anthropic')")
                .param(otherInstance.seal("sk-sealed-elsewhere")).update();
        references.changed("provider_connection");

        HttpResponse<String> openAi = chat("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""");
        HttpResponse<String> anthropic = messages("""
                {"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(openAi.statusCode()).isEqualTo(503);
        var error = parse(openAi.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("provider_not_connected");
        assertThat(error.path("message").asString()).contains("misconfigured", "secret key");
        assertThat(anthropic.statusCode()).isEqualTo(503);
        assertThat(parse(anthropic.body()).path("type").asString()).isEqualTo("error");
        assertThat(parse(anthropic.body()).path("error").path("message").asString()).contains("misconfigured");
        assertThat(output).contains("TOKENTALLY_SECRET_KEY").doesNotContain("sk-sealed-elsewhere");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }
}
