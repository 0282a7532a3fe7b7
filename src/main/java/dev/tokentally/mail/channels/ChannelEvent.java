package dev.tokentally.mail.channels;

import java.util.Arrays;
import java.util.Optional;

/** The events a channel can receive; each channel chooses a set of them (all by default). */
public enum ChannelEvent {
    BUDGET_THRESHOLD_CROSSED("budget.threshold_crossed", "Budget threshold crossed"),
    BUDGET_FORECAST_EXCEEDS("budget.forecast_exceeds", "Budget forecast exceeds its limit"),
    INVOICE_ISSUED("invoice.issued", "Invoice issued"),
    RECONCILIATION_MISMATCH("reconciliation.mismatch", "Reconciliation mismatch"),
    WALLET_LOW_BALANCE("wallet.low_balance", "Wallet balance low");

    private final String type;
    private final String label;

    ChannelEvent(String type, String label) {
        this.type = type;
        this.label = label;
    }

    /** The event's name in a webhook body's {@code type}, such as {@code invoice.issued}. */
    public String type() {
        return type;
    }

    public String label() {
        return label;
    }

    /** Empty for a type no channel subscribes to, such as a test message. */
    public static Optional<ChannelEvent> ofType(String type) {
        return Arrays.stream(values()).filter(event -> event.type.equals(type)).findFirst();
    }
}
