package dev.tokentally.invoicing.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tokentally.base.Money;
import dev.tokentally.credits.Grant;
import dev.tokentally.credits.WalletEntry;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.WalletSummary;

/** The wallet API's answers: money as decimal strings (wallet amounts with six decimals), times as ISO-8601. */
final class WalletJson {

    /** Wallet amounts keep the ledger's precision: a call may cost a fraction of a cent. */
    private static final int WALLET_DIGITS = 6;

    private WalletJson() {
    }

    record Wallet(String balance, String currency, String mode, List<GrantJson> grants,
                  @JsonProperty("auto_top_up") AutoTopUp autoTopUp) {

        static Wallet of(WalletSummary summary) {
            WalletSettings settings = summary.settings();
            AutoTopUp auto = settings.autoTopUpBelow() == null || settings.autoTopUpAmount() == null ? null
                    : new AutoTopUp(cents(settings.autoTopUpBelow(), summary.currency()), cents(settings.autoTopUpAmount(), summary.currency()));
            return new Wallet(wallet(summary.balance()), summary.currency(), settings.mode().name().toLowerCase(Locale.ROOT),
                    summary.grants().stream().map(GrantJson::of).toList(), auto);
        }
    }

    record AutoTopUp(String below, String amount) {
    }

    record GrantJson(long id, String kind, String amount, String remaining, @JsonProperty("expires_at") String expiresAt,
                     int priority, String note) {

        static GrantJson of(Grant grant) {
            return new GrantJson(grant.id(), grant.kind().name().toLowerCase(Locale.ROOT), wallet(grant.amount()),
                    wallet(grant.remaining()), instant(grant.expiresAt()), grant.priority(), grant.note());
        }
    }

    /** A page of transactions, newest first; {@code next} is the following page's path, null on the last. */
    record TransactionPage(int page, int size, long total, String next, List<Transaction> transactions) {
    }

    /** One ledger entry: amount signed (grants positive, consumption and expiry negative). */
    record Transaction(long id, String kind, String amount, @JsonProperty("balance_after") String balanceAfter,
                       @JsonProperty("grant_id") Long grantId, @JsonProperty("usage_event_id") UUID usageEventId,
                       @JsonProperty("invoice_id") Long invoiceId, @JsonProperty("occurred_at") String occurredAt) {

        static Transaction of(WalletEntry entry) {
            return new Transaction(entry.id(), entry.kind().name().toLowerCase(Locale.ROOT), wallet(entry.amount()),
                    wallet(entry.balanceAfter()), entry.grantId(), entry.usageEventId(), entry.invoiceId(),
                    instant(entry.occurredAt()));
        }
    }

    private static String wallet(Money money) {
        return money.amount().setScale(WALLET_DIGITS, RoundingMode.HALF_UP).toPlainString();
    }

    /** A threshold or top-up amount, as an invoice shows money: with the currency's digits. */
    private static String cents(BigDecimal amount, String currency) {
        return new Money(amount, currency).rounded().amount().toPlainString();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
