package dev.tokentally.accounts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The rule for a password someone chooses: at least 8 characters and at most 72 bytes in UTF-8, the most
 * bcrypt reads (it refuses longer ones rather than ignoring the rest).
 */
@Documented
@Constraint(validatedBy = NewPassword.Rule.class)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface NewPassword {

    int MIN_LENGTH = 8;
    int MAX_BYTES = 72;
    String RULE = "Password must be at least 8 characters and at most 72 bytes "
            + "(an accented letter counts 2, an emoji 4)";

    String HELP = "At least 8 characters, at most 72 bytes";

    String message() default RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The rule itself; forms and start-up ask it directly. */
    final class Rule implements ConstraintValidator<NewPassword, String> {

        public static boolean allows(String password) {
            return password != null && password.codePointCount(0, password.length()) >= MIN_LENGTH
                    && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
        }

        @Override
        public boolean isValid(String password, ConstraintValidatorContext context) {
            return allows(password);
        }
    }
}
