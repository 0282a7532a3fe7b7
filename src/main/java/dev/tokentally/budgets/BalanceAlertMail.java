package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.mail.MailOutbox;
import dev.tokentally.mail.MailTemplates;
import dev.tokentally.mail.channels.ChannelEvent;
import dev.tokentally.mail.channels.Notice;

/** A balance alert as mail to the organization's admins and as the channels' {@code wallet.low_balance} notice. */
record BalanceAlertMail(String organization, BalanceAlerts.Kind kind, Money balance, BigDecimal alertAt, String baseUrl) {

    String title() {
        return (kind == BalanceAlerts.Kind.LOW_BALANCE ? "Low balance: " : "Balance exhausted: ") + MoneyText.format(balance.rounded())
                + " left for " + organization;
    }

    String text() {
        return kind == BalanceAlerts.Kind.LOW_BALANCE
                ? "The prepaid balance of " + organization + " fell below " + threshold() + ". Top up before calls are refused."
                : "A model call of " + organization + " was refused: the prepaid balance (" + MoneyText.format(balance.rounded())
                        + ") could not cover it. Top up to go on.";
    }

    Notice notice() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organization", organization);
        data.put("kind", kind.name().toLowerCase(Locale.ROOT));
        data.put("balance", balance.amount().toPlainString());
        data.put("threshold", alertAt == null ? null : alertAt.toPlainString());
        data.put("currency", balance.currency());
        data.put("billing_url", link());
        return new Notice(ChannelEvent.WALLET_LOW_BALANCE.type(), title(), text(),
                List.of(new Notice.Fact("Organization", organization), new Notice.Fact("Balance", MoneyText.format(balance.rounded())),
                        new Notice.Fact("Alert below", threshold())),
                link(), data);
    }

    MailOutbox.Message mail(long organizationId, List<String> recipients) {
        Map<String, String> values = Map.of("subject", title(), "text", text(), "balance", MoneyText.format(balance.rounded()),
                "threshold", threshold(), "link", link(), "organization", organization);
        return new MailOutbox.Message(organizationId, recipients, title(), MailTemplates.render("balance-alert.html", values),
                MailTemplates.render("balance-alert.txt", values), null, null);
    }

    private String threshold() {
        return alertAt == null ? "not set" : MoneyText.format(new Money(alertAt, balance.currency()).rounded());
    }

    private String link() {
        return baseUrl.replaceAll("/+$", "") + "/invoices";
    }
}
