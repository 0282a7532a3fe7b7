package dev.tokentally.gateway.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which cached answer a request may get: the SHA-256 of its endpoint, the model it resolved to, the request headers
 * that change an answer, and its JSON body canonicalized (object keys sorted at every depth, no whitespace). Left out
 * of the body are the fields that do not change the answer: {@code model} (the resolved model stands for it, so an
 * alias and the name it resolves to share answers), {@code user} and {@code metadata} (who asked and the client's
 * labels). {@code stream} and {@code stream_options} stay in: a streamed request is answered from a stream, in the
 * endpoint's own event format, and a plain one from a plain answer.
 */
public record CacheKey(String sha256) {

    private static final Set<String> NOT_CHANGING_THE_ANSWER = Set.of("model", "user", "metadata");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public CacheKey {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("A cache key is a SHA-256 in lower-case hex");
        }
    }

    /**
     * @param endpoint the API called, as the ledger names it
     * @param model    the model the request resolved to, with its connection
     * @param headers  the request headers that change the answer (such as {@code anthropic-beta}), by name; null values skipped
     * @param body     the request's JSON body
     * @throws IllegalArgumentException when the body is not a JSON object
     */
    public static CacheKey of(String endpoint, String model, java.util.Map<String, String> headers, InputStream body) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
        JsonNode request;
        try (body) {
            request = JSON.readTree(body);
        } catch (IOException | RuntimeException malformed) {
            throw new IllegalArgumentException("The request body is not JSON");
        }
        if (!(request instanceof ObjectNode object)) {
            throw new IllegalArgumentException("The request body is not a JSON object");
        }
        object.remove(NOT_CHANGING_THE_ANSWER);
        StringBuilder head = new StringBuilder(endpoint).append('\0').append(model).append('\0');
        new TreeMap<>(headers).forEach((name, value) -> {
            if (value != null) {
                head.append(name).append('=').append(value).append('\0');
            }
        });
        sha256.update(head.toString().getBytes(StandardCharsets.UTF_8));
        try (OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            JSON.writeValue(digest, sorted(object));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return new CacheKey(HexFormat.of().formatHex(sha256.digest()));
    }

    /** The node with every object's keys in order, at every depth. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> byName = new TreeMap<>();
            node.properties().forEach(property -> byName.put(property.getKey(), property.getValue()));
            ObjectNode ordered = JSON.createObjectNode();
            byName.forEach((name, value) -> ordered.set(name, sorted(value)));
            return ordered;
        }
        if (node.isArray()) {
            var array = JSON.createArrayNode();
            node.forEach(element -> array.add(sorted(element)));
            return array;
        }
        return node;
    }
}
