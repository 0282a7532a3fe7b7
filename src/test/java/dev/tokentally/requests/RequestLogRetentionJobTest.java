package dev.tokentally.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Rows go after the retention period (30 days by default), bodies after the organization's shorter one. */
@TokentallyTest
class RequestLogRetentionJobTest {

    @Autowired
    RequestLog requestLog;
    @Autowired
    RequestLogRetentionJob job;
    @Autowired
    BodyStorageSettings bodyStorage;
    @Autowired
    TestClock clock;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService users;

    @Test
    void rows_older_than_the_retention_period_are_deleted_and_bodies_cleared_after_their_own() {
        long acme = fixtures.organization("acme");
        RunAs.user(users, "admin@acme.test", () -> {
            bodyStorage.configure(acme, new BodyStorage(true, 3));
            return null;
        });
        Instant now = clock.instant();
        requestLog.add(call(acme, now.minus(Duration.ofDays(31)), "too old"));
        requestLog.add(call(acme, now.minus(Duration.ofDays(29)), "old body"));
        requestLog.add(call(acme, now.minus(Duration.ofDays(1)), "recent"));
        await().atMost(Duration.ofSeconds(10)).until(() -> count() == 3);

        job.run();

        assertThat(jdbc.sql("select request_body from request_log order by occurred_at").query(String.class).list())
                .containsExactly(null, "recent");
    }

    private int count() {
        return jdbc.sql("select count(*) from request_log").query(Integer.class).single();
    }

    private static LoggedRequest call(long organization, Instant at, String body) {
        return new LoggedRequest(null, at, organization, new LoggedRequest.Caller(null, null, null),
                new LoggedRequest.Route("demo-mini", "demo", "chat_completions", "/v1/chat/completions"),
                LoggedRequest.Outcome.ok(200), new LoggedRequest.Timing(12, null, false), TokenCounts.of(10, 5), null, false,
                List.of(), new LoggedRequest.Bodies(body, null));
    }
}
