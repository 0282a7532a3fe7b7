package dev.tokentally.invoicing.ui;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.ui.DateFields;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.invoicing.BillingWallets;
import dev.tokentally.organizations.OrganizationLocale;

/**
 * A platform admin gives an organization free credits (a trial, a goodwill gesture): amount, the last day they may
 * be used in the organization's time zone, priority and a note. The dialog's own key makes a second click harmless.
 */
class FreeCreditsDialog extends Dialog {

    static final int NOTE_LENGTH = 200;

    final BigDecimalField amount = new BigDecimalField("Amount");
    final DatePicker validThrough = DateFields.iso(new DatePicker("Usable through"));
    final IntegerField priority = new IntegerField("Priority");
    final TextField note = new TextField("Note");
    final Button grant = new Button("Grant credits");

    FreeCreditsDialog(long organizationId, OrganizationLocale organization, LocalDate today, BillingWallets wallets,
                      Runnable granted) {
        String key = "free-grant:" + UUID.randomUUID();
        setHeaderTitle("Free credits for " + organization.name());
        setWidth("32rem");
        amount.setSuffixComponent(new Span(organization.currency()));
        validThrough.setMin(today);
        validThrough.setHelperText("To the end of this day in " + organization.zone().getId() + "; empty: no expiry");
        priority.setValue(0);
        priority.setHelperText("Among grants expiring together, lower numbers are used first");
        note.setMaxLength(NOTE_LENGTH);
        note.setPlaceholder("Trial credits, say");
        FormLayout form = new FormLayout(amount, validThrough, priority, note);
        form.setColspan(note, 2);
        add(form);
        grant.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grant.addClickListener(click -> {
            BigDecimal value = amount.getValue();
            if (value == null || value.signum() <= 0) {
                amount.setErrorMessage("Must be more than zero");
                amount.setInvalid(true);
                return;
            }
            try {
                wallets.grantFree(organizationId, value, validThrough.getValue(),
                        priority.getValue() == null ? 0 : priority.getValue(), note.getValue().strip(), key);
            } catch (IllegalArgumentException refused) {
                Saving.showError(refused.getMessage());
                return;
            }
            granted.run();
            close();
        });
        getFooter().add(new Button("Cancel", click -> close()), grant);
    }
}
