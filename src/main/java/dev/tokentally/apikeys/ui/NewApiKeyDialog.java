package dev.tokentally.apikeys.ui;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.ValidationResult;
import dev.tokentally.apikeys.ApiKeyBudgets;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.ui.DateFields;
import jakarta.validation.ConstraintViolationException;

/**
 * Creates a key with everything it may do in one go: name, expiry, settings, team and, optionally, its own budget.
 * Whatever is refused is shown on its field and nothing is created.
 */
class NewApiKeyDialog extends Dialog {

    static final String NOT_A_DATE = "Not a date: pick one in the calendar, or leave it empty for a key that never expires";
    static final String NOT_AHEAD = "The expiry must be in the future";

    final TextField name = new TextField("Name");
    final DatePicker expires = DateFields.iso(new DatePicker("Expires (optional)"));
    final ApiKeySettingsForm settings;
    final BigDecimalField budgetAmount = new BigDecimalField("Budget (optional)");
    final Select<ApiKeyBudgets.Period> budgetPeriod = new Select<>();
    final Checkbox budgetHard = new Checkbox("Hard limit: refuse calls beyond it");
    final Paragraph error = new Paragraph();
    final Button create = new Button("Create key");

    interface Creator {
        ApiKeys.Created create(String name, Instant expiresAt, ApiKeySettings settings, Long teamId, ApiKeyBudgets.Limit budget);
    }

    NewApiKeyDialog(ApiKeySettingsForm.Choices choices, String currency, Clock clock, Creator creator,
                    Consumer<ApiKeys.Created> created) {
        setHeaderTitle("New API key");
        settings = new ApiKeySettingsForm(ApiKeySettings.DEFAULTS, null, choices);
        name.setPlaceholder("e.g. helpdesk backend");
        name.setRequired(true);
        expires.setMin(LocalDate.now(clock).plusDays(1));
        expires.setHelperText("Empty: the key works until revoked");
        expires.setI18n(expires.getI18n().setBadInputErrorMessage(NOT_A_DATE).setMinErrorMessage(NOT_AHEAD));
        budgetAmount.setSuffixComponent(new Span(currency));
        budgetAmount.setPlaceholder("none");
        budgetPeriod.setLabel("Per");
        budgetPeriod.setItems(ApiKeyBudgets.Period.values());
        budgetPeriod.setItemLabelGenerator(period -> switch (period) {
            case DAILY -> "day";
            case WEEKLY -> "week";
            case MONTHLY -> "month";
        });
        budgetPeriod.setValue(ApiKeyBudgets.Period.MONTHLY);
        FormLayout identity = new FormLayout(name, expires);
        FormLayout budget = new FormLayout(budgetAmount, budgetPeriod, budgetHard);
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        add(identity, settings, new H4("Budget of this key"), budget, error);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> {
            ApiKeys.Created done = submit(creator);
            if (done != null) {
                close();
                created.accept(done);
            }
        });
        getFooter().add(new Button("Cancel", click -> close()), create);
        setWidth("44rem");
        setMaxWidth("100%");
    }

    /** The key created, or null with the reason on its field. */
    private ApiKeys.Created submit(Creator creator) {
        name.setInvalid(false);
        expires.setInvalid(false);
        budgetAmount.setInvalid(false);
        settings.clearErrors();
        error.setText("");
        // Text the picker cannot read arrives as no date: refused, never a key that does not expire.
        ValidationResult expiry = expires.getDefaultValidator().apply(expires.getValue(), null);
        if (expiry.isError()) {
            return refuse(expires, expiry.getErrorMessage());
        }
        ValidationResult amount = budgetAmount.getDefaultValidator().apply(budgetAmount.getValue(), null);
        if (amount.isError()) {
            return refuse(budgetAmount, "Not an amount: write it as 25.00, or leave it empty for no budget");
        }
        try {
            ApiKeySettings chosen = settings.settings();
            return creator.create(name.getValue(),
                    expires.getValue() == null ? null : expires.getValue().atStartOfDay(ZoneOffset.UTC).toInstant(),
                    chosen, settings.teamId(), budgetAmount.getValue() == null ? null
                            : new ApiKeyBudgets.Limit(budgetAmount.getValue(), budgetPeriod.getValue(), budgetHard.getValue()));
        } catch (FieldRejectedException rejected) {
            if (rejected.field().equals("amount")) {
                return refuse(budgetAmount, rejected.getMessage());
            }
            if (!settings.show(rejected)) {
                error.setText(rejected.getMessage());
            }
        } catch (ConstraintViolationException invalid) {
            var violation = invalid.getConstraintViolations().iterator().next();
            String path = violation.getPropertyPath().toString();
            if (path.endsWith("name")) {
                return refuse(name, violation.getMessage());
            }
            if (path.endsWith("amount")) {
                return refuse(budgetAmount, violation.getMessage());
            }
            error.setText(violation.getMessage());
        } catch (IllegalArgumentException invalid) {
            if (NOT_AHEAD.equals(invalid.getMessage())) {
                return refuse(expires, invalid.getMessage());
            }
            error.setText(invalid.getMessage());
        }
        return null;
    }

    private static ApiKeys.Created refuse(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
        return null;
    }
}
