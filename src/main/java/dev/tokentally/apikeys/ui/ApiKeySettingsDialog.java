package dev.tokentally.apikeys.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import dev.tokentally.apikeys.ApiKey;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.base.FieldRejectedException;
import jakarta.validation.ConstraintViolationException;

/** Edits what one key may do: scopes, models, the member, agent and team it speaks for, and its per-minute limits. */
class ApiKeySettingsDialog extends Dialog {

    final ApiKeySettingsForm form;
    final Paragraph error = new Paragraph();
    final Button save = new Button("Save");

    interface Saver {
        void save(ApiKeySettings settings, Long teamId);
    }

    /** @param teamId the key's team, null for none */
    ApiKeySettingsDialog(ApiKey key, ApiKeySettings settings, Long teamId, ApiKeySettingsForm.Choices choices, Saver saver) {
        setHeaderTitle("Settings of " + key.name());
        form = new ApiKeySettingsForm(settings, teamId, choices);
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        add(form, error);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(event -> {
            form.clearErrors();
            error.setText("");
            try {
                saver.save(form.settings(), form.teamId());
                close();
            } catch (FieldRejectedException rejected) {
                if (!form.show(rejected)) {
                    error.setText(rejected.getMessage());
                }
            } catch (ConstraintViolationException invalid) {
                error.setText(invalid.getConstraintViolations().iterator().next().getMessage());
            } catch (IllegalArgumentException invalid) {
                error.setText(invalid.getMessage());
            }
        });
        getFooter().add(new Button("Cancel", event -> close()), save);
        setWidth("40rem");
        setMaxWidth("100%");
    }
}
