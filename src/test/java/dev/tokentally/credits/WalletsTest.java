package dev.tokentally.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Credit granted, configured and explained through the wallet's public service. */
@TokentallyTest
class WalletsTest {

    @Autowired
    Wallets wallets;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    @Test
    void an_organization_without_a_wallet_is_postpaid_with_nothing_in_it() {
        WalletSummary summary = wallets.summary(fixtures.organization("acme"));

        assertThat(summary.settings()).isEqualTo(WalletSettings.POSTPAID);
        assertThat(summary.balance().amount()).isZero();
        assertThat(summary.grants()).isEmpty();
        assertThat(summary.daysLeft()).isNull();
    }

    @Test
    void a_grant_raises_the_balance_and_is_explained_by_an_entry() {
        long acme = fixtures.organization("acme");
        Instant expires = clock.instant().plus(Duration.ofDays(30));

        Grant grant = wallets.grant(acme, GrantKind.FREE, new BigDecimal("5.00"), expires, 0, "Welcome credit", null, "welcome");

        WalletSummary summary = wallets.summary(acme);
        assertThat(summary.balance().amount()).isEqualByComparingTo("5");
        assertThat(summary.balance().currency()).isEqualTo(summary.currency());
        assertThat(summary.grants()).singleElement().satisfies(active -> {
            assertThat(active.id()).isEqualTo(grant.id());
            assertThat(active.remaining().amount()).isEqualByComparingTo("5");
            assertThat(active.expiresAt()).isEqualTo(expires);
            assertThat(active.note()).isEqualTo("Welcome credit");
        });
        assertThat(wallets.entryCount(acme)).isOne();
        assertThat(wallets.entries(acme, 0, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(EntryKind.GRANT);
            assertThat(entry.grantId()).isEqualTo(grant.id());
            assertThat(entry.amount().amount()).isEqualByComparingTo("5");
            assertThat(entry.balanceAfter().amount()).isEqualByComparingTo("5");
        });
        assertThat(wallets.summary(fixtures.organization("globex")).balance().amount()).as("another organization's").isZero();
    }

    @Test
    void the_same_idempotency_key_grants_once_and_refuses_a_different_amount() {
        long acme = fixtures.organization("acme");

        Grant first = wallets.grant(acme, GrantKind.PAID, new BigDecimal("20"), null, 0, null, 42L, "invoice-42");
        Grant again = wallets.grant(acme, GrantKind.PAID, new BigDecimal("20.000"), null, 0, null, 42L, "invoice-42");

        assertThat(again.id()).isEqualTo(first.id());
        assertThatThrownBy(() -> wallets.grant(acme, GrantKind.PAID, new BigDecimal("21"), null, 0, null, 42L, "invoice-42"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already used");
        assertThat(wallets.summary(acme).balance().amount()).isEqualByComparingTo("20");
        assertThat(wallets.entryCount(acme)).isOne();
    }

    @Test
    void invalid_grants_are_refused_with_a_reason_and_change_nothing() {
        long acme = fixtures.organization("acme");

        assertThatThrownBy(() -> wallets.grant(acme, GrantKind.FREE, BigDecimal.ZERO, null, 0, null, null, "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> wallets.grant(acme, GrantKind.FREE, new BigDecimal("-1"), null, 0, null, null, "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wallets.grant(acme, GrantKind.FREE, new BigDecimal("0.0000001"), null, 0, null, null, "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 decimals");
        assertThatThrownBy(() -> wallets.grant(acme, GrantKind.FREE, new BigDecimal("1e12"), null, 0, null, null, "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        assertThatThrownBy(() -> wallets.grant(acme, GrantKind.FREE, BigDecimal.ONE, clock.instant(), 0, null, null, "e"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expire");
        assertThatThrownBy(() -> wallets.grant(acme, null, BigDecimal.ONE, null, 0, null, null, "f"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(wallets.entryCount(acme)).isZero();
        assertThat(jdbc.sql("select count(*) from wallet_grant where organization_id = ?").param(acme).query(Long.class).single())
                .isZero();
    }

    @Test
    void configure_keeps_valid_settings_and_refuses_invalid_ones_with_a_reason() {
        long acme = fixtures.organization("acme");
        WalletSettings prepaid = new WalletSettings(WalletMode.PREPAID, new BigDecimal("2"), new BigDecimal("10"), new BigDecimal("3"));

        wallets.configure(acme, prepaid);

        assertThat(wallets.summary(acme).settings()).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo,
                BigDecimal.class).isEqualTo(prepaid);
        assertThatThrownBy(() -> wallets.configure(acme, new WalletSettings(null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postpaid, prepaid or mixed");
        assertThatThrownBy(() -> wallets.configure(acme, new WalletSettings(WalletMode.MIXED, new BigDecimal("2"), null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both a threshold and an amount");
        assertThatThrownBy(() -> wallets.configure(acme, new WalletSettings(WalletMode.MIXED, new BigDecimal("2"), BigDecimal.ZERO, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> wallets.configure(acme, new WalletSettings(WalletMode.MIXED, null, null, new BigDecimal("-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or more");
        assertThat(wallets.summary(acme).settings().mode()).isEqualTo(WalletMode.PREPAID);
    }

    @Test
    void the_wallet_ledger_refuses_to_change_or_lose_an_entry() {
        long acme = fixtures.organization("acme");
        wallets.grant(acme, GrantKind.FREE, BigDecimal.TEN, null, 0, null, null, "ten");

        assertThatThrownBy(() -> jdbc.sql("update wallet_entry set amount = 100").update())
                .hasMessageContaining("wallet_entry rows never change");
        assertThatThrownBy(() -> jdbc.sql("delete from wallet_entry").update())
                .hasMessageContaining("wallet_entry rows never change");
        assertThat(wallets.entries(acme, 0, 10)).singleElement()
                .satisfies(entry -> assertThat(entry.amount().amount()).isEqualByComparingTo("10"));
    }
}
