package dev.tokentally.invoicing.ui;

import java.math.BigDecimal;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.BigDecimalField;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.invoicing.TopUps;

/**
 * An admin buys credits: a top-up invoice is issued at once, and the credits arrive as a paid grant once it is
 * marked paid. The dialog's own key makes a second click on Buy issue no second invoice.
 */
class BuyCreditsDialog extends Dialog {

    final BigDecimalField amount = new BigDecimalField("Amount");
    final Button buy = new Button("Buy credits");

    BuyCreditsDialog(long organizationId, String currency, TopUps topUps, Runnable bought) {
        String key = "top-up:" + UUID.randomUUID();
        setHeaderTitle("Buy credits");
        setWidth("28rem");
        amount.setSuffixComponent(new Span(currency));
        amount.setWidthFull();
        add(new Paragraph("A top-up invoice for this amount is issued now; the credits are added once it is paid."), amount);
        buy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        buy.addClickListener(click -> {
            BigDecimal value = amount.getValue();
            if (value == null || value.signum() <= 0) {
                refuse("Must be more than zero");
                return;
            }
            try {
                topUps.request(organizationId, value, key);
            } catch (FieldRejectedException | IllegalArgumentException refused) {
                refuse(refused.getMessage());
                return;
            }
            bought.run();
            close();
        });
        getFooter().add(new Button("Cancel", click -> close()), buy);
    }

    private void refuse(String message) {
        amount.setErrorMessage(message);
        amount.setInvalid(true);
    }
}
