package dev.tokentally.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CacheKeyTest {

    private static CacheKey key(String model, Map<String, String> headers, String body) {
        return CacheKey.of("chat_completions", model, headers, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static CacheKey key(String body) {
        return key("openai/gpt-4o-mini", Map.of(), body);
    }

    @Test
    void key_order_and_whitespace_do_not_change_the_key_at_any_depth() {
        assertThat(key("""
                {"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"Hi"}]}"""))
                .isEqualTo(key("""
                        { "messages" : [ { "content":"Hi", "role":"user" } ],
                          "temperature":0, "model":"gpt-4o-mini" }"""));
    }

    @Test
    void who_asked_and_the_clients_labels_do_not_change_the_key_but_the_content_and_streaming_do() {
        String plain = """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""";
        assertThat(key("""
                {"model":"gpt-4o-mini","user":"alice","metadata":{"project":"atlas"},"messages":[{"role":"user","content":"Hi"}]}"""))
                .isEqualTo(key(plain));
        assertThat(key("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi!"}]}""")).isNotEqualTo(key(plain));
        assertThat(key("""
                {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hi"}]}""")).isNotEqualTo(key(plain));
        assertThat(key("""
                {"model":"gpt-4o-mini","temperature":1,"messages":[{"role":"user","content":"Hi"}]}""")).isNotEqualTo(key(plain));
    }

    @Test
    void the_resolved_model_and_answer_changing_headers_are_part_of_the_key() {
        String body = """
                {"model":"chat-default","messages":[{"role":"user","content":"Hi"}]}""";
        assertThat(key("openai/gpt-4o", Map.of(), body)).isNotEqualTo(key("openai/gpt-4o-mini", Map.of(), body));
        assertThat(key("anthropic/claude", Map.of("anthropic-beta", "a"), body))
                .isNotEqualTo(key("anthropic/claude", Map.of("anthropic-beta", "b"), body));
        assertThat(key("openai/gpt-4o-mini", Map.of(), body).sha256()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void a_body_that_is_not_a_json_object_has_no_key() {
        assertThatThrownBy(() -> key("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> key("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
