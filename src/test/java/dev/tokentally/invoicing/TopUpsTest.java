package dev.tokentally.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** Credits bought by invoice: issued at once, granted when paid, and issued by themselves when the balance runs low. */
@TokentallyTest
@WithUserDetails("admin@acme.test")
class TopUpsTest {

    @Autowired
    TopUps topUps;
    @Autowired
    AutoTopUp autoTopUp;
    @Autowired
    Invoices invoices;
    @Autowired
    Wallets wallets;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    long acme;

    @BeforeEach
    void midNovember() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        acme = fixtures.organization("acme");
    }

    @Test
    void a_top_up_invoice_marked_paid_grants_its_net_amount_once() {
        Invoice invoice = topUps.request(acme, new BigDecimal("50.00"), "buy-1");

        // Numbered like every invoice, taxed like every invoice (Acme: 19 %), nothing credited before payment.
        assertThat(invoice.number()).isEqualTo("ACME-2026-0001");
        assertThat(invoice.status()).isEqualTo(Invoice.Status.ISSUED);
        assertThat(invoice.scope().bills()).isEqualTo(Invoice.Bills.TOP_UP);
        assertThat(invoice.coverage()).isEqualTo("Prepaid credits");
        assertThat(invoices.lines(invoice.id())).singleElement().satisfies(line -> {
            assertThat(line.description()).isEqualTo("Prepaid credits");
            assertThat(line.amount()).isEqualByComparingTo("50.00");
        });
        assertThat(invoice.amounts().subtotal()).isEqualByComparingTo("50.00");
        assertThat(invoice.amounts().tax()).isEqualByComparingTo("9.50");
        assertThat(invoice.amounts().total()).isEqualByComparingTo("59.50");
        assertThat(topUps.pending(acme)).map(Invoice::id).hasValue(invoice.id());
        assertThat(wallets.summary(acme).balance().amount()).isZero();
        assertThat(jdbc.sql("select count(*) from mail_outbox where subject like 'Invoice ACME-2026-0001%'").query(Long.class).single())
                .as("mailed like the others").isOne();

        invoices.markPaid(invoice.id(), LocalDate.of(2026, 11, 20), "SEPA 1");

        assertThat(wallets.summary(acme).balance().amount()).isEqualByComparingTo("50");
        assertThat(wallets.summary(acme).grants()).singleElement().satisfies(grant -> {
            assertThat(grant.kind()).isEqualTo(GrantKind.PAID);
            assertThat(grant.invoiceId()).isEqualTo(invoice.id());
            assertThat(grant.note()).isEqualTo("Top-up invoice ACME-2026-0001");
            assertThat(grant.expiresAt()).isNull();
        });
        assertThat(topUps.pending(acme)).isEmpty();

        assertThatThrownBy(() -> invoices.markPaid(invoice.id(), LocalDate.of(2026, 11, 20), "again"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(wallets.summary(acme).balance().amount()).isEqualByComparingTo("50");
        assertThat(wallets.entryCount(acme)).isOne();
        assertThatThrownBy(() -> invoices.voidInvoice(invoice.id(), "changed our mind"))
                .as("its credits are in the wallet").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_same_key_gives_the_same_invoice_and_bad_amounts_change_nothing() {
        Invoice first = topUps.request(acme, new BigDecimal("20"), "buy-2");

        assertThat(topUps.request(acme, new BigDecimal("20.00"), "buy-2").id()).isEqualTo(first.id());
        assertThatThrownBy(() -> topUps.request(acme, new BigDecimal("25"), "buy-2"))
                .isInstanceOf(TopUps.KeyReusedException.class).hasMessageContaining("20.00 EUR");
        for (String amount : List.of("0", "-5", "0.001", "100000.01", "1e9")) {
            assertThatThrownBy(() -> topUps.request(acme, new BigDecimal(amount), "bad-" + amount))
                    .as(amount).isInstanceOf(FieldRejectedException.class);
        }
        assertThatThrownBy(() -> topUps.request(acme, BigDecimal.TEN, " ")).isInstanceOf(FieldRejectedException.class);
        assertThat(topUpInvoices(acme)).isOne();
        assertThatThrownBy(() -> topUps.request(fixtures.organization("globex"), BigDecimal.TEN, "buy-3"))
                .as("an admin buys only for their own organization").isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> RunAs.user(users, "alice@acme.test", () -> topUps.request(acme, BigDecimal.TEN, "buy-4")))
                .as("a member buys nothing").isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void fifty_concurrent_recordings_crossing_the_threshold_issue_one_automatic_top_up() throws Exception {
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, new BigDecimal("2"), new BigDecimal("20"), null));
        wallets.grant(acme, GrantKind.FREE, new BigDecimal("5"), null, 0, "Trial", null, "trial");
        assertThat(topUpInvoices(acme)).as("a grant that raises the balance tops up nothing").isZero();

        // 50 × EUR 0.1656 (1M input tokens of gpt-4o-mini for Acme) burn the 5 down past 2 several times over.
        try (ExecutorService callers = Executors.newFixedThreadPool(16)) {
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(CompletableFuture.runAsync(() -> record(acme, TokenCounts.of(1_000_000, 0)), callers));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> autoTopUp.running.get() == 0);

        assertThat(wallets.summary(acme).balance().amount()).isLessThan(new BigDecimal("2"));
        assertThat(topUpInvoices(acme)).isOne();
        Invoice topUp = topUps.pending(acme).orElseThrow();
        assertThat(topUp.amounts().subtotal()).isEqualByComparingTo("20.00");
        assertThat(topUp.lifecycle().createdBy()).isEqualTo("auto top-up");
    }

    @Test
    void after_a_restart_the_sweep_issues_the_missing_top_up_once_and_again_after_payment() {
        // Left below the threshold with no top-up waiting, as if the check after the crossing was lost in a crash.
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, new BigDecimal("2"), new BigDecimal("20"), null));
        wallets.grant(acme, GrantKind.FREE, new BigDecimal("1"), null, 0, "Trial", null, "trial");

        assertThat(autoTopUp.sweep()).isOne();
        assertThat(autoTopUp.sweep()).as("one is waiting for payment").isZero();
        assertThat(topUpInvoices(acme)).isOne();
        assertThat(topUpInvoices(fixtures.organization("globex"))).as("postpaid, no threshold").isZero();

        invoices.markPaid(topUps.pending(acme).orElseThrow().id(), LocalDate.of(2026, 11, 20), null);
        assertThat(wallets.summary(acme).balance().amount()).isEqualByComparingTo("21");
        assertThat(autoTopUp.sweep()).as("above the threshold again").isZero();
    }

    private long topUpInvoices(long organizationId) {
        return jdbc.sql("select count(*) from invoice where organization_id = ? and bills = 'TOP_UP'").param(organizationId)
                .query(Long.class).single();
    }

    private void record(long organizationId, TokenCounts tokens) {
        recorder.record(organizationId, new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini", tokens,
                Attribution.of(null, null, null, null), null, clock.instant(), null, null, false, UsageSource.API));
    }
}
