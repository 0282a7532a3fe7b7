package dev.tokentally.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.RecordResult;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageEvent;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Usage burns a prepaid or mixed organization's credit in the transaction that records it, grant by grant, in order. */
@TokentallyTest
class ConsumptionTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    Wallets wallets;
    @Autowired
    WalletExpiry expiry;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    long acme;
    /** The first day of next month in Acme's time zone (Europe/Berlin): later than any seeded price or rate. */
    LocalDate month;

    @BeforeEach
    void acmeIsPrepaid() {
        acme = fixtures.organization("acme");
        month = LocalDate.ofInstant(clock.instant(), BERLIN).plusMonths(1).withDayOfMonth(1);
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, null, null, null));
    }

    @Test
    void usage_takes_the_soonest_expiring_credit_first_and_never_expired_credit_across_mid_month() {
        clock.set(at(month.withDayOfMonth(2), 9, 0));
        Grant midMonth = grant(GrantKind.PAID, "1.00", month.withDayOfMonth(14), 0, "mid-month");
        Grant monthEnd = grant(GrantKind.FREE, "1.00", month.withDayOfMonth(month.lengthOfMonth()), 0, "month-end");
        Grant never = grant(GrantKind.FREE, "10.00", null, 0, "never");

        clock.set(at(month.withDayOfMonth(10), 12, 0));
        UsageEvent first = record("e1");
        clock.set(at(month.withDayOfMonth(16), 12, 0));
        UsageEvent second = record("e2");
        UsageEvent third = record("e3");
        BigDecimal c1 = cost(first);
        BigDecimal c2 = cost(second);
        BigDecimal c3 = cost(third);
        assertThat(List.of(c1, c2, c3)).as("each event within one grant, two together beyond it").allSatisfy(c -> assertThat(c)
                .isBetween(new BigDecimal("0.5"), new BigDecimal("0.999")));

        assertThat(consumption()).containsExactly(
                taken(first, midMonth, c1),
                taken(second, monthEnd, c2),
                taken(third, monthEnd, BigDecimal.ONE.subtract(c2)),
                taken(third, never, c3.subtract(BigDecimal.ONE.subtract(c2))));
        assertThat(remaining(midMonth)).as("expired on the 15th at 00:00 in Berlin, unused since").isEqualByComparingTo(BigDecimal.ONE.subtract(c1));
        assertThat(wallets.appliedTo(List.of(first.id(), second.id(), third.id()), "EUR").amount())
                .isEqualByComparingTo(c1.add(c2).add(c3));

        expiry.run();

        assertThat(remaining(midMonth)).isZero();
        assertThat(wallets.entries(acme, 0, 1)).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(EntryKind.EXPIRY);
            assertThat(entry.grantId()).isEqualTo(midMonth.id());
            assertThat(entry.amount().amount()).isEqualByComparingTo(c1.subtract(BigDecimal.ONE));
        });
        BigDecimal expected = new BigDecimal("12").subtract(BigDecimal.ONE).subtract(c1.add(c2).add(c3).subtract(c1));
        assertThat(wallets.summary(acme).balance().amount()).isEqualByComparingTo(expected);
        assertBalanceExplained();
    }

    @Test
    void among_grants_expiring_together_the_lower_priority_then_free_before_paid_then_the_oldest_goes_first() {
        LocalDate lastDay = month.withDayOfMonth(20);
        Grant laterPriority = grant(GrantKind.FREE, "1", lastDay, 1, "priority 1");
        Grant paid = grant(GrantKind.PAID, "1", lastDay, 0, "paid");
        clock.advance(Duration.ofSeconds(1));
        Grant olderFree = grant(GrantKind.FREE, "1", lastDay, 0, "older free");
        clock.advance(Duration.ofSeconds(1));
        Grant newerFree = grant(GrantKind.FREE, "1", lastDay, 0, "newer free");
        Grant sooner = grant(GrantKind.PAID, "1", lastDay.minusDays(1), 5, "sooner");

        assertThat(wallets.summary(acme).grants()).extracting(Grant::id)
                .containsExactly(sooner.id(), olderFree.id(), newerFree.id(), paid.id(), laterPriority.id());
        UsageEvent event = record("one");
        assertThat(consumption()).containsExactly(taken(event, sooner, cost(event)));
        assertThat(cost(event)).isLessThan(BigDecimal.ONE);
    }

    @Test
    void credit_valid_through_a_day_is_usable_at_23_59_in_berlin_and_gone_at_midnight() {
        LocalDate lastDay = LocalDate.of(month.getYear() + 1, 1, 14); // winter: Berlin is UTC+1
        Instant midnight = wallets.validThrough(acme, lastDay);
        assertThat(midnight).isEqualTo(Instant.parse(lastDay + "T23:00:00Z"));
        clock.set(midnight.minusSeconds(3600 * 24));
        Grant grant = grant(GrantKind.FREE, "5", lastDay, 0, "January promotion");

        clock.set(midnight.minusSeconds(60));
        UsageEvent before = record("23:59");
        expiry.run();
        clock.set(midnight);
        UsageEvent after = record("00:00");

        assertThat(wallets.appliedTo(List.of(before.id()), "EUR").amount()).isEqualByComparingTo(cost(before));
        assertThat(wallets.appliedTo(List.of(after.id()), "EUR").amount()).as("all overage").isZero();
        assertThat(remaining(grant)).isEqualByComparingTo(new BigDecimal("5").subtract(cost(before)));

        expiry.run();

        assertThat(remaining(grant)).isZero();
        assertThat(wallets.summary(acme).balance().amount()).isZero();
        assertThat(wallets.entries(acme, 0, 10)).extracting(WalletEntry::kind)
                .containsExactly(EntryKind.EXPIRY, EntryKind.CONSUMPTION, EntryKind.GRANT);
        assertBalanceExplained();
    }

    @Test
    void a_batch_of_events_burns_the_balance_down_to_zero_and_leaves_the_rest_as_overage() {
        wallets.configure(acme, new WalletSettings(WalletMode.MIXED, null, null, null));
        grant(GrantKind.FREE, "2.50", null, 0, "trial");
        List<ReportedCall> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(call("batch-" + i));
        }

        List<UUID> ids = recorder.recordAll(acme, batch).stream().map(outcome -> outcome.result().event().id()).toList();

        BigDecimal billed = jdbc.sql("select sum(round(billed_cost, 6)) from usage_event").query(BigDecimal.class).single();
        assertThat(billed).isGreaterThan(new BigDecimal("2.50"));
        assertThat(wallets.appliedTo(ids, "EUR").amount()).isEqualByComparingTo("2.50");
        assertThat(wallets.summary(acme).balance().amount()).isZero();
        assertBalanceExplained();
    }

    @Test
    void the_burn_rate_is_the_last_seven_days_consumption_and_says_how_many_whole_days_the_balance_lasts() {
        grant(GrantKind.PAID, "10", null, 0, "ten");
        assertThat(wallets.summary(acme).daysLeft()).as("nothing burned yet").isNull();
        UsageEvent old = record("eight days ago");
        clock.advance(Duration.ofDays(8));
        UsageEvent second = record("today");
        UsageEvent third = record("today again");

        WalletSummary summary = wallets.summary(acme);

        BigDecimal burn = cost(second).add(cost(third)).divide(BigDecimal.valueOf(7), 6, RoundingMode.HALF_UP);
        assertThat(summary.burnPerDay().amount()).isEqualByComparingTo(burn);
        BigDecimal balance = BigDecimal.TEN.subtract(cost(old)).subtract(cost(second)).subtract(cost(third));
        assertThat(summary.balance().amount()).isEqualByComparingTo(balance);
        assertThat(summary.daysLeft()).isEqualTo(balance.divide(burn, 0, RoundingMode.DOWN).longValueExact()).isPositive();
    }

    @Test
    void a_postpaid_organizations_usage_leaves_its_credit_alone() {
        wallets.configure(acme, WalletSettings.POSTPAID);
        grant(GrantKind.FREE, "5", null, 0, "unused");

        UsageEvent event = record("postpaid");

        assertThat(event.cost().billedCost()).isPositive();
        assertThat(wallets.summary(acme).balance().amount()).isEqualByComparingTo("5");
        assertThat(wallets.entryCount(acme)).isOne();
    }

    private Grant grant(GrantKind kind, String amount, LocalDate validThrough, int priority, String note) {
        return wallets.grant(acme, kind, new BigDecimal(amount), validThrough == null ? null : wallets.validThrough(acme, validThrough),
                priority, note, null, note);
    }

    private static ReportedCall callAt(String key, Instant at) {
        return new ReportedCall(key, "openai", "gpt-4o-mini", TokenCounts.of(1_000, 1_000_000), Attribution.of(null, "someone", null, null),
                null, at, null, null, false, UsageSource.API);
    }

    private ReportedCall call(String key) {
        return callAt(key, clock.instant());
    }

    private UsageEvent record(String key) {
        RecordResult result = recorder.record(acme, call(key));
        assertThat(result.status()).isEqualTo(RecordResult.Status.RECORDED);
        return result.event();
    }

    /** What the event cost, at the wallet's 6 decimals. */
    private static BigDecimal cost(UsageEvent event) {
        return event.cost().billedCost().setScale(6, RoundingMode.HALF_UP);
    }

    private Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(BERLIN).toInstant();
    }

    /** Each consumption entry, oldest first: the event, the grant, the amount taken (positive). */
    private List<List<Object>> consumption() {
        return jdbc.sql("select usage_event_id, grant_id, -amount as taken from wallet_entry where kind = 'CONSUMPTION' order by id")
                .query((rs, row) -> List.<Object>of(rs.getObject("usage_event_id", UUID.class), rs.getLong("grant_id"),
                        rs.getBigDecimal("taken").stripTrailingZeros()))
                .list();
    }

    private static List<Object> taken(UsageEvent event, Grant grant, BigDecimal amount) {
        return List.of(event.id(), grant.id(), amount.stripTrailingZeros());
    }

    private BigDecimal remaining(Grant grant) {
        return jdbc.sql("select remaining from wallet_grant where id = ?").param(grant.id()).query(BigDecimal.class).single();
    }

    /** The stored balance is the sum of the entries and of the grants' remaining amounts. */
    private void assertBalanceExplained() {
        Map<String, Object> sums = jdbc.sql("""
                        select (select balance from wallet where organization_id = :o) as stored,
                               (select coalesce(sum(amount), 0) from wallet_entry where organization_id = :o) as entries,
                               (select coalesce(sum(remaining), 0) from wallet_grant where organization_id = :o) as grants,
                               (select balance_after from wallet_entry where organization_id = :o order by id desc limit 1) as last""")
                .param("o", acme).query().singleRow();
        assertThat((BigDecimal) sums.get("entries")).isEqualByComparingTo((BigDecimal) sums.get("stored"));
        assertThat((BigDecimal) sums.get("grants")).isEqualByComparingTo((BigDecimal) sums.get("stored"));
        assertThat((BigDecimal) sums.get("last")).isEqualByComparingTo((BigDecimal) sums.get("stored"));
    }
}
