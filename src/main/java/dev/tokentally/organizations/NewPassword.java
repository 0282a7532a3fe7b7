package dev.tokentally.organizations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The rule for a password someone chooses: 8 to 128 characters. */
@Documented
@NotNull
@Size(min = NewPassword.MIN_LENGTH, max = 128)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface NewPassword {

    int MIN_LENGTH = 8;

    String message() default "Password must be 8 to 128 characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
