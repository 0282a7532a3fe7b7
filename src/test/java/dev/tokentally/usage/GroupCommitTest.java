package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.tokentally.base.NotFoundException;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.pricing.VolumeTier;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

/** Single recordings made at the same time share a transaction, and each caller still gets its own answer. */
@TokentallyTest
@RecordApplicationEvents
class GroupCommitTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    GroupCommit groups;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    ApplicationEvents published;
    @Autowired
    LedgerWriter writer;
    @Autowired
    GroupCommitProperties settings;

    long acme;
    long globex;

    @BeforeEach
    void organizations() {
        acme = fixtures.organization("acme");
        globex = fixtures.organization("globex");
    }

    private static ReportedCall report(String key, TokenCounts tokens) {
        return UsageRecorderTest.report(key, "gpt-4o-mini", tokens, Instant.now());
    }

    private static GroupCommit.Pending pending(long organizationId, ReportedCall report) {
        return new GroupCommit.Pending(organizationId, report, null, null, new CompletableFuture<>());
    }

    private int events() {
        return jdbc.sql("select count(*) from usage_event").query(Integer.class).single();
    }

    private static Throwable failureOf(GroupCommit.Pending pending) {
        try {
            pending.answer().get();
            return null;
        } catch (ExecutionException failed) {
            return failed.getCause();
        } catch (InterruptedException interrupted) {
            throw new IllegalStateException(interrupted);
        }
    }

    @Test
    void concurrent_single_recordings_are_committed_in_fewer_transactions_than_events_and_lose_nothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Callable<RecordResult>> callers = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            String key = "c-" + i;
            long organization = i % 3 == 0 ? globex : acme;
            callers.add(() -> recorder.record(organization, report(key, TokenCounts.of(100, 10))));
        }
        List<RecordResult> results = new ArrayList<>();
        for (Future<RecordResult> result : pool.invokeAll(callers)) {
            results.add(result.get());
        }
        pool.shutdown();

        assertThat(results).extracting(RecordResult::status).containsOnly(RecordResult.Status.RECORDED);
        assertThat(events()).isEqualTo(320);
        // Each row's xmin is the transaction that inserted it.
        assertThat(jdbc.sql("select count(distinct xmin::text) from usage_event").query(Integer.class).single())
                .isLessThan(320);
        assertThat(jdbc.sql("select sum(events) from usage_daily").query(Long.class).single()).isEqualTo(320);
        assertThat(jdbc.sql("select sum(total_tokens) from usage_month").query(Long.class).single())
                .isEqualTo(jdbc.sql("select sum(total_tokens) from usage_daily").query(Long.class).single());
    }

    @Test
    void the_same_key_twice_in_one_group_is_one_event_and_one_duplicate_and_other_counts_conflict_for_that_caller_only() {
        var first = pending(acme, report("same", TokenCounts.of(100, 10)));
        var again = pending(acme, report("same", TokenCounts.of(100, 10)));
        var conflicting = pending(acme, report("same", TokenCounts.of(100, 11)));
        var other = pending(globex, report("same", TokenCounts.of(100, 11)));

        groups.commit(List.of(first, again, conflicting, other));

        assertThat(first.answer().join().result().status()).isEqualTo(RecordResult.Status.RECORDED);
        assertThat(again.answer().join().result().status()).isEqualTo(RecordResult.Status.DUPLICATE);
        assertThat(again.answer().join().result().event().id()).isEqualTo(first.answer().join().result().event().id());
        assertThat(conflicting.answer().join().conflict()).isInstanceOf(UsageConflictException.class);
        assertThat(other.answer().join().result().status()).as("another organization's key of the same name")
                .isEqualTo(RecordResult.Status.RECORDED);
        assertThat(events()).isEqualTo(2);
        assertThat(jdbc.sql("select sum(events) from usage_daily").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void a_neighbour_whose_statement_fails_or_whose_organization_is_unknown_fails_alone() {
        var before = pending(acme, report("fine-1", TokenCounts.of(100, 10)));
        // No such user: the group's insert breaks its foreign key.
        var broken = pending(acme, new ReportedCall("broken", "openai", "gpt-4o-mini", TokenCounts.of(1, 1), Attribution.of(999_999L, null,
                null, null), null, Instant.now(), null, null, false, UsageSource.API));
        var unknown = pending(999_999L, report("nobody", TokenCounts.of(1, 1)));
        var duplicate = pending(acme, report("fine-1", TokenCounts.of(100, 10)));
        var after = pending(globex, report("fine-2", TokenCounts.of(100, 10)));

        groups.commit(List.of(before, broken, unknown, duplicate, after));

        assertThat(failureOf(broken)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(failureOf(unknown)).isInstanceOf(NotFoundException.class);
        assertThat(before.answer().join().result().status()).isEqualTo(RecordResult.Status.RECORDED);
        assertThat(duplicate.answer().join().result().status()).isEqualTo(RecordResult.Status.DUPLICATE);
        assertThat(after.answer().join().result().status()).isEqualTo(RecordResult.Status.RECORDED);
        assertThat(jdbc.sql("select string_agg(idempotency_key, ',' order by idempotency_key) from usage_event")
                .query(String.class).single()).isEqualTo("fine-1,fine-2");
        assertThat(jdbc.sql("select sum(events) from usage_daily").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void the_work_after_recording_is_asked_for_once_per_organization_and_group() {
        List<GroupCommit.Pending> group = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            group.add(pending(i < 3 ? acme : globex, report("g-" + i, TokenCounts.of(100, 10))));
        }

        groups.commit(group);

        assertThat(published.stream(OrganizationUsageRecorded.class))
                .extracting(OrganizationUsageRecorded::organizationId, OrganizationUsageRecorded::events)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(acme, 3), org.assertj.core.groups.Tuple.tuple(globex, 2));
        assertThat(published.stream(UsageRecorded.class)).hasSize(5);
    }

    @Test
    void a_report_the_ledger_cannot_hold_is_refused_before_it_joins_a_group() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> recorder.record(acme, report("", TokenCounts.of(1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(events()).isZero();
    }

    @Test
    void an_error_while_committing_fails_only_its_callers_and_the_committers_go_on_serving() {
        int committers = settings.committers();
        // More failures than committers: on a committer that dies of an Error, a later caller would wait forever.
        for (int i = 0; i <= committers; i++) {
            String key = "poisoned-" + i;
            Throwable failure = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> org.assertj.core.api.Assertions.catchThrowable(() -> recorder.record(acme,
                            report(key, TokenCounts.of(1, 1)), () -> {
                                throw new StackOverflowError("a bad event");
                            })));
            assertThat(failure).isInstanceOf(RuntimeException.class).hasRootCauseInstanceOf(StackOverflowError.class);
        }

        RecordResult next = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> recorder.record(acme, report("after", TokenCounts.of(100, 10))));

        assertThat(next.status()).isEqualTo(RecordResult.Status.RECORDED);
        assertThat(jdbc.sql("select string_agg(idempotency_key, ',') from usage_event").query(String.class).single())
                .isEqualTo("after");
    }

    @Test
    void an_error_in_a_group_fails_its_own_caller_and_its_neighbours_are_recorded() {
        var poisoned = new GroupCommit.Pending(acme, report("poisoned", TokenCounts.of(1, 1)), null, () -> {
            throw new OutOfMemoryError("a huge event");
        }, new CompletableFuture<>());
        var neighbour = pending(acme, report("neighbour", TokenCounts.of(100, 10)));

        groups.commit(List.of(poisoned, neighbour));

        assertThat(failureOf(poisoned)).isInstanceOf(OutOfMemoryError.class);
        assertThat(neighbour.answer().join().result().status()).isEqualTo(RecordResult.Status.RECORDED);
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void a_caller_whose_committer_is_stuck_fails_after_the_timeout_and_is_never_recorded() throws Exception {
        GroupCommit stuck = new GroupCommit(writer, transaction, new GroupCommitProperties(1, Duration.ofMillis(2), 500,
                Duration.ofMillis(500)));
        stuck.start();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // The only committer is held inside a group (as by a lock it waits for).
            pool.submit(() -> stuck.record(acme, report("held", TokenCounts.of(1, 1)), null, () -> {
                holding.countDown();
                waitFor(release);
            }));
            holding.await();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                            Duration.ofSeconds(20), () -> stuck.record(acme, report("behind", TokenCounts.of(1, 1)), null, null)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("The usage was not recorded within PT0.5S; it never will be");
        } finally {
            release.countDown();
            pool.shutdown();
            stuck.stop();
        }
        assertThat(jdbc.sql("select count(*) from usage_event where idempotency_key = 'behind'").query(Integer.class).single())
                .isZero();
    }

    @Test
    void two_recordings_that_cross_a_volume_tier_together_are_billed_as_if_one_came_after_the_other() throws Exception {
        // 50 % off from the 1,500th token of the month; each call has 1,000.
        fixtures.volumeTiers("acme", new VolumeTier(1500, new BigDecimal("50")));
        CountDownLatch firstWritten = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<RecordResult> first = pool.submit(() -> transaction.execute(status -> {
            RecordResult result = recorder.record(acme, report("tier-1", TokenCounts.of(1000, 0)));
            firstWritten.countDown();
            waitFor(commitFirst);
            return result;
        }));
        firstWritten.await();
        Future<RecordResult> second = pool.submit(() -> recorder.record(acme, report("tier-2", TokenCounts.of(1000, 0))));
        // The second waits for the first's month row: the order the database gives them.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%usage_month%'""")
                .query(Integer.class).single() == 1);
        commitFirst.countDown();
        RecordResult one = first.get();
        RecordResult two = second.get();
        pool.shutdown();

        BigDecimal raw = one.event().cost().rawCostUsd();
        BigDecimal full = raw.multiply(new BigDecimal("1.104")); // 20 % markup, 0.92 EUR per USD
        assertThat(one.event().cost().billedCost()).isEqualByComparingTo(full);
        // 500 of its 1,000 tokens lie past the threshold, at half price
        assertThat(two.event().cost().billedCost()).isEqualByComparingTo(full.multiply(new BigDecimal("0.75")));
        assertThat(jdbc.sql("select total_tokens from usage_month where organization_id = ?").param(acme)
                .query(Long.class).single()).isEqualTo(2000);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            throw new IllegalStateException(interrupted);
        }
    }
}
