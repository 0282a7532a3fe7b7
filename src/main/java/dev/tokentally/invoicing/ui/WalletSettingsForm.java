package dev.tokentally.invoicing.ui;

import java.math.BigDecimal;
import java.util.Optional;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;

/**
 * How an organization's wallet works: its mode, the automatic top-up (below X, a top-up invoice of Y) and the
 * low-balance alert. {@link #read()} marks each field it cannot take and gives nothing then, so nothing is saved.
 */
class WalletSettingsForm extends FormLayout {

    final Select<WalletMode> mode = new Select<>();
    final BigDecimalField autoTopUpBelow = new BigDecimalField("Top up when the balance falls below");
    final BigDecimalField autoTopUpAmount = new BigDecimalField("Top-up amount");
    final BigDecimalField lowBalanceAt = new BigDecimalField("Alert when the balance falls below");
    final Button save = new Button("Save settings");

    WalletSettingsForm(String currency) {
        mode.setLabel("Mode");
        mode.setItems(WalletMode.values());
        mode.setItemLabelGenerator(WalletSettingsForm::label);
        for (BigDecimalField field : new BigDecimalField[] {autoTopUpBelow, autoTopUpAmount, lowBalanceAt}) {
            field.setSuffixComponent(new Span(currency));
            field.setClearButtonVisible(true);
        }
        autoTopUpBelow.setHelperText("Empty: no automatic top-up");
        autoTopUpAmount.setHelperText("Issued as a top-up invoice; credited once it is paid");
        lowBalanceAt.setHelperText("Empty: no alert. Sent by email and the alert channels");
        add(mode, lowBalanceAt, autoTopUpBelow, autoTopUpAmount, save);
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("36rem", 2));
    }

    static String label(WalletMode mode) {
        return switch (mode) {
            case POSTPAID -> "Postpaid: usage is invoiced after the month";
            case PREPAID -> "Prepaid: usage spends credits, held by the balance";
            case MIXED -> "Mixed: credits first, the rest invoiced";
        };
    }

    void show(WalletSettings settings) {
        mode.setValue(settings.mode());
        autoTopUpBelow.setValue(settings.autoTopUpBelow());
        autoTopUpAmount.setValue(settings.autoTopUpAmount());
        lowBalanceAt.setValue(settings.lowBalanceAt());
        for (BigDecimalField field : new BigDecimalField[] {autoTopUpBelow, autoTopUpAmount, lowBalanceAt}) {
            field.setInvalid(false);
        }
    }

    /** The settings as entered, or empty with the fields that are wrong marked. */
    Optional<WalletSettings> read() {
        BigDecimal below = autoTopUpBelow.getValue();
        BigDecimal amount = autoTopUpAmount.getValue();
        boolean valid = check(lowBalanceAt, lowBalanceAt.getValue() == null || lowBalanceAt.getValue().signum() >= 0,
                "Must not be negative");
        valid &= check(autoTopUpBelow, below == null || below.signum() >= 0, "Must not be negative")
                && check(autoTopUpBelow, below != null || amount == null, "Needed for an automatic top-up");
        valid &= check(autoTopUpAmount, amount == null || amount.signum() > 0, "Must be more than zero")
                && check(autoTopUpAmount, amount != null || below == null, "Needed for an automatic top-up");
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(new WalletSettings(mode.getValue(), below, amount, lowBalanceAt.getValue()));
    }

    /** Marks the field, or clears its mark, and says whether it passed. */
    private static boolean check(BigDecimalField field, boolean passes, String message) {
        field.setErrorMessage(passes ? null : message);
        field.setInvalid(!passes);
        return passes;
    }
}
