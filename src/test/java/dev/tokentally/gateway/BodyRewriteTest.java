package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.tokentally.models.Tokenizer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The body the provider gets: only the model and the stream's usage option change, wherever they stand in it. */
class BodyRewriteTest {

    private static final Tokenizer TOKENIZER = new Tokenizer();

    @Test
    void a_stream_without_options_asks_for_usage_and_keeps_every_other_field() throws IOException {
        JsonNode sent = sent("""
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say \\"hi\\""}],"seed":7}""");

        assertThat(sent.path("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.path("messages").get(0).path("content").asString()).isEqualTo("Say \"hi\"");
        assertThat(sent.path("seed").asInt()).isEqualTo(7);
    }

    @Test
    void usage_switched_off_by_the_client_is_switched_on_and_other_options_stay() throws IOException {
        assertThat(sent("""
                {"model":"gpt-4o-mini","stream":true,"stream_options":{"include_obfuscation":false,"include_usage":false}}""")
                .path("stream_options").toString()).isEqualTo("{\"include_obfuscation\":false,\"include_usage\":true}");
        assertThat(sent("""
                {"model":"gpt-4o-mini","stream":true,"stream_options":{}}""")
                .path("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
        assertThat(sent("""
                {"model":"gpt-4o-mini","stream":true,"stream_options":{ "include_obfuscation" : true }}""")
                .path("stream_options").toString()).isEqualTo("{\"include_usage\":true,\"include_obfuscation\":true}");
        assertThat(sent("""
                {"model":"gpt-4o-mini","stream":true,"stream_options":null}""")
                .path("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
    }

    @Test
    void fields_far_into_a_large_body_are_found_and_rewritten_across_its_chunks() throws IOException {
        String text = "ab\\\\c\\\"d ".repeat(200_000);
        JsonNode sent = sent("{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],\"stream\":true,"
                + "\"model\":\"openai/gpt-4o-mini\",\"user\":\"" + "u".repeat(70_000) + "\"}");

        assertThat(sent.path("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("messages").get(0).path("content").asString().length()).isEqualTo(200_000 * 7);
        CallFields fields = fields("{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],\"model\":\"x\"}");
        // Bytes bound the tokens of a string too long to decode: never fewer than the text's tokens.
        assertThat(fields.promptTokens()).isGreaterThanOrEqualTo(TOKENIZER.count(("ab\\c\"d ").repeat(200_000)));
        assertThat(fields.model()).isEqualTo("x");
    }

    @Test
    void what_a_body_may_not_be_is_refused_with_a_reason() {
        assertThatThrownBy(() -> fields("[1,2]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> fields("{\"model\":\"a\",\"model\":\"b\"}")).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> fields("{\"stream\":\"true\"}")).hasMessageContaining("'stream' must be true or false");
        assertThatThrownBy(() -> fields("{\"n\":0}")).hasMessageContaining("'n' must be a whole number from 1 to 128");
        assertThatThrownBy(() -> fields("{\"n\":2.5}")).hasMessageContaining("'n'");
        assertThatThrownBy(() -> fields("{\"model\":")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> fields("{\"models\":\"gpt-4o\"}")).hasMessageContaining("'models' must be a list");
    }

    @Test
    void every_choice_counts_toward_the_output_and_the_larger_limit_wins() throws IOException {
        CallFields fields = fields("{\"model\":\"m\",\"n\":4,\"max_tokens\":100,\"max_completion_tokens\":300}");

        assertThat(fields.maxOutput()).isEqualTo(300);
        assertThat(fields.totalOutput(fields.maxOutput())).isEqualTo(1200);
    }

    private static JsonNode sent(String body) throws IOException {
        ChunkedBytes bytes = bytes(body);
        CallFields fields = CallFields.read(bytes, TOKENIZER);
        String providerModel = fields.model().startsWith("openai/") ? fields.model().substring(7) : fields.model();
        try (InputStream in = ChunkedBytes.stream(BodyRewrite.forProvider(bytes, fields, providerModel, fields.stream()))) {
            return WireFormat.JSON.readTree(in);
        }
    }

    private static CallFields fields(String body) throws IOException {
        return CallFields.read(bytes(body), TOKENIZER);
    }

    private static ChunkedBytes bytes(String body) throws IOException {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return ChunkedBytes.read(new ByteArrayInputStream(raw), raw.length);
    }
}
