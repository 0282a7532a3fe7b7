package dev.tokentally.base.ui;

import java.util.Map;
import java.util.function.UnaryOperator;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.data.binder.Binder;
import dev.tokentally.base.FieldRejectedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.springframework.security.access.AccessDeniedException;

/**
 * Saves a form's bean through a service and puts what the service refuses back on the form: a taken
 * value or a broken constraint marks its field, any other refusal is shown as an error notification.
 */
public final class Saving {

    private Saving() {
    }

    public static <T> boolean attempt(Binder<T> binder, T bean, UnaryOperator<T> saver) {
        return attempt(binder, bean, saver, Map.of());
    }

    /** @param unboundFields fields outside the binder (a password, say), by the service's parameter name */
    public static <T> boolean attempt(Binder<T> binder, T bean, UnaryOperator<T> saver,
                               Map<String, HasValidation> unboundFields) {
        if (!binder.writeBeanIfValid(bean)) {
            return false;
        }
        try {
            saver.apply(bean);
            return true;
        } catch (FieldRejectedException rejected) {
            markOrNotify(binder, unboundFields, rejected.field(), rejected.getMessage());
        } catch (ConstraintViolationException invalid) {
            for (ConstraintViolation<?> violation : invalid.getConstraintViolations()) {
                markOrNotify(binder, unboundFields, lastName(violation.getPropertyPath()), violation.getMessage());
            }
        } catch (IllegalArgumentException | AccessDeniedException refused) {
            showError(refused.getMessage());
        }
        return false;
    }

    /**
     * Saves through a service without a binder: what it refuses marks the field of that name (a broken constraint, a
     * {@link FieldRejectedException}) or is shown as an error notification. @return whether it was saved
     */
    public static boolean attempt(Runnable save, Map<String, HasValidation> fields) {
        fields.values().forEach(field -> field.setInvalid(false));
        try {
            save.run();
            return true;
        } catch (FieldRejectedException rejected) {
            markOrShow(fields.get(rejected.field()), rejected.getMessage());
        } catch (ConstraintViolationException invalid) {
            for (ConstraintViolation<?> violation : invalid.getConstraintViolations()) {
                markOrShow(fields.get(lastName(violation.getPropertyPath())), violation.getMessage());
            }
        } catch (IllegalArgumentException | AccessDeniedException refused) {
            showError(refused.getMessage());
        }
        return false;
    }

    private static void markOrShow(HasValidation field, String message) {
        if (field == null) {
            showError(message);
        } else {
            field.setErrorMessage(message);
            field.setInvalid(true);
        }
    }

    public static void showError(String message) {
        Notification.show(message, 5000, Notification.Position.MIDDLE)
                .addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    private static <T> void markOrNotify(Binder<T> binder, Map<String, HasValidation> unboundFields,
                                         String property, String message) {
        HasValidation field = unboundFields.get(property);
        if (field == null) {
            field = binder.getBinding(property)
                    .map(binding -> binding.getField() instanceof HasValidation bound ? bound : null)
                    .orElse(null);
        }
        if (field == null) {
            showError(message);
            return;
        }
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private static String lastName(Path path) {
        String name = "";
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name;
    }
}
