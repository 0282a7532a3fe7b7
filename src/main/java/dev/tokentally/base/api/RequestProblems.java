package dev.tokentally.base.api;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns what Jackson and Bean Validation find wrong with a body into {@link FieldProblem}s named the way the
 * caller wrote the JSON ({@code events[3].occurred_at}, not {@code occurredAt}).
 */
public final class RequestProblems {

    private RequestProblems() {
    }

    /** @param prefix put before field names, such as {@code events[3].}; empty for a whole body */
    public static FieldProblem of(JacksonException unreadable, String prefix) {
        String path = path(unreadable.getPath());
        if (path.isEmpty() && !(unreadable instanceof MismatchedInputException)) {
            return new FieldProblem(whole(prefix), "is not valid JSON: " + unreadable.getOriginalMessage());
        }
        String field = path.isEmpty() ? whole(prefix) : prefix + path;
        if (unreadable instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldProblem(field, expected(mismatch));
        }
        return new FieldProblem(field, "is not valid: " + unreadable.getOriginalMessage());
    }

    public static List<FieldProblem> of(Collection<? extends ConstraintViolation<?>> violations, String prefix) {
        return violations.stream()
                .map(violation -> new FieldProblem(field(violation, prefix), violation.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
                .toList();
    }

    static String whole(String prefix) {
        return prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(MismatchedInputException mismatch) {
        Class<?> type = mismatch.getTargetType();
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class || type == BigInteger.class) {
            boolean fraction = mismatch.getCurrentToken() == JsonToken.VALUE_NUMBER_FLOAT
                    || (mismatch instanceof InvalidFormatException format && format.getValue() instanceof Number);
            return fraction ? "must be a whole number" : "must be a number";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == BigDecimal.class) {
            return "must be a decimal string such as \"0.00031\"";
        }
        if (type == Instant.class) {
            return "must be an ISO-8601 UTC timestamp such as 2026-11-23T10:00:00Z";
        }
        if (type == LocalDate.class) {
            return "must be a date YYYY-MM-DD";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || JsonNode.class.isAssignableFrom(type)) {
            return "must be a JSON object";
        }
        return "has the wrong type";
    }

    private static String field(ConstraintViolation<?> violation, String prefix) {
        StringBuilder field = new StringBuilder(prefix);
        Class<?> type = violation.getRootBeanClass();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() == null) {
                continue;
            }
            RecordComponent component = component(type, node.getName());
            // @JsonProperty does not target record components: it lands on their accessors.
            JsonProperty property = component == null ? null : component.getAccessor().getAnnotation(JsonProperty.class);
            // An unwrapped part's fields stand flat in the JSON: its own name is not in the body.
            boolean unwrapped = component != null && component.getAccessor().isAnnotationPresent(JsonUnwrapped.class);
            String name = unwrapped ? "" : property == null ? node.getName() : property.value();
            if (!name.isEmpty()) {
                field.append(field.isEmpty() || field.charAt(field.length() - 1) == '.' ? "" : ".").append(name);
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            type = component == null ? Object.class : component.getType();
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static RecordComponent component(Class<?> type, String name) {
        if (!type.isRecord()) {
            return null;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component;
            }
        }
        return null;
    }
}
