package dev.tokentally.usage.api;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies read as trees, with decimals kept exact. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {
    }

    static JsonNode read(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidUsageException(List.of(new FieldProblem("body", "is empty")));
            }
            return node;
        } catch (JacksonException malformed) {
            throw new InvalidUsageException(List.of(new FieldProblem("body", "is not valid JSON: "
                    + malformed.getOriginalMessage())));
        }
    }
}
