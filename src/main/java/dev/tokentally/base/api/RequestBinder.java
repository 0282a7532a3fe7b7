package dev.tokentally.base.api;

import java.util.List;

import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds one part of a body (an event of a batch) to its record with the application's JSON rules and checks
 * its constraints, so that each part gets its own problems, type errors included.
 */
@Component
public class RequestBinder {

    private final JsonMapper json;
    private final Validator validator;

    RequestBinder(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** Either the bound value or what is wrong with it. */
    public record Bound<T>(T value, List<FieldProblem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** @param prefix put before field names, such as {@code events[3].} */
    public <T> Bound<T> bind(JsonNode node, Class<T> type, String prefix) {
        if (node == null || !node.isObject()) {
            return new Bound<>(null, List.of(new FieldProblem(RequestProblems.whole(prefix), "must be a JSON object")));
        }
        T value;
        try {
            value = json.treeToValue(node, type);
        } catch (JacksonException unreadable) {
            return new Bound<>(null, List.of(RequestProblems.of(unreadable, prefix)));
        }
        return new Bound<>(value, RequestProblems.of(validator.validate(value), prefix));
    }
}
