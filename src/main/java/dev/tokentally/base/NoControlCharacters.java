package dev.tokentally.base;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A one-line name typed by people (a budget, agent, API key or organization) holds no control character: such a
 * name ends up in mail subjects, PDFs, CSV exports and log lines, where a tab or line break does harm. Forms show
 * the message on the field; null passes (pair it with {@code @NotBlank} where a name is required).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoControlCharacters.Check.class)
public @interface NoControlCharacters {

    String message() default "No control characters such as tabs or line breaks";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<NoControlCharacters, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return !ControlCharacters.contains(value);
        }
    }
}
