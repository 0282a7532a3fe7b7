package dev.tokentally.base.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import tools.jackson.databind.JsonNode;

/**
 * Free-form JSON kept as it came (a caller's metadata), bounded in size (characters of its compact JSON) and
 * nesting depth; names are plain text, string values plain multi-line text (see {@link PlainText}).
 * {@code null} is valid.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = BoundedJson.Validator.class)
public @interface BoundedJson {

    String message() default "must be at most {maxChars} characters of JSON, nested at most {maxDepth} deep, "
            + "without control characters";

    int maxChars();

    int maxDepth();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<BoundedJson, JsonNode> {

        private int maxChars;
        private int maxDepth;

        @Override
        public void initialize(BoundedJson annotation) {
            maxChars = annotation.maxChars();
            maxDepth = annotation.maxDepth();
        }

        @Override
        public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
            return value == null || (plain(value, 1) && value.toString().length() <= maxChars);
        }

        private boolean plain(JsonNode node, int depth) {
            if (node.isString()) {
                return PlainText.Validator.isPlain(node.asString(), true);
            }
            if (!node.isContainer()) {
                return true;
            }
            if (depth > maxDepth) {
                return false;
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    if (!PlainText.Validator.isPlain(property.getKey(), false) || !plain(property.getValue(), depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
            for (JsonNode element : node) {
                if (!plain(element, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
    }
}
