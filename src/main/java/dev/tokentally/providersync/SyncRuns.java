package dev.tokentally.providersync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

import dev.tokentally.base.Roles;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Each job run as it went: started, finished, what it did or why it failed; and the jobs' on/off switches. */
@Service
@EnableConfigurationProperties(SyncProperties.class)
public class SyncRuns {

    public static final String PRICE_SYNC = "price-sync";
    public static final String USAGE_SYNC = "usage-sync";

    /** One run of a job, for one account or for all. */
    public record Run(long id, String job, Long accountId, Instant startedAt, Instant finishedAt, String status, String summary,
                      String error) {
    }

    /** A job as the sync view shows it. */
    public record JobStatus(String job, boolean enabled, Run lastRun, Instant nextRun) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String priceCron;
    private final Duration usageEvery;

    SyncRuns(JdbcClient jdbc, Clock clock, SyncProperties settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.priceCron = settings.priceSyncCron();
        this.usageEvery = settings.usageSyncEvery();
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public List<JobStatus> jobs() {
        return List.of(PRICE_SYNC, USAGE_SYNC).stream().map(job -> {
            Run last = recent(job, 0, 1).stream().findFirst().orElse(null);
            Instant now = clock.instant();
            Instant next = job.equals(PRICE_SYNC)
                    ? CronExpression.parse(priceCron).next(now.atZone(ZoneId.systemDefault())).toInstant()
                    : last == null || last.finishedAt() == null ? now.plus(usageEvery) : last.finishedAt().plus(usageEvery);
            return new JobStatus(job, enabled(job), last, next);
        }).toList();
    }

    /** Runs the step as a recorded run unless the job is switched off; the summary is what the step returns. */
    String record(String job, Long accountId, Supplier<String> step) {
        long id = jdbc.sql("insert into sync_run (job, account_id, started_at, status) values (?, ?, ?, 'RUNNING') returning id")
                .params(job, accountId, Timestamp.from(clock.instant())).query(Long.class).single();
        try {
            String summary = step.get();
            jdbc.sql("update sync_run set finished_at = ?, status = 'SUCCEEDED', summary = ? where id = ?")
                    .params(Timestamp.from(clock.instant()), summary, id).update();
            return summary;
        } catch (RuntimeException failure) {
            jdbc.sql("update sync_run set finished_at = ?, status = 'FAILED', error = ? where id = ?")
                    .params(Timestamp.from(clock.instant()), failure.getMessage(), id).update();
            throw failure;
        }
    }

    @Transactional(readOnly = true)
    public boolean enabled(String job) {
        return jdbc.sql("select enabled from sync_job where name = ?").param(job).query(Boolean.class).optional().orElse(true);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional
    public void setEnabled(String job, boolean enabled) {
        jdbc.sql("insert into sync_job (name, enabled) values (?, ?) on conflict (name) do update set enabled = excluded.enabled")
                .params(job, enabled).update();
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    @Transactional(readOnly = true)
    public List<Run> recent(String job, int offset, int limit) {
        return jdbc.sql("select * from sync_run where (cast(? as text) is null or job = ?) order by started_at desc, id desc"
                        + " offset ? limit ?")
                .params(job, job, offset, limit).query((rs, row) -> run(rs)).list();
    }

    private static Run run(ResultSet rs) throws SQLException {
        long account = rs.getLong("account_id");
        Long accountId = rs.wasNull() ? null : account;
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Run(rs.getLong("id"), rs.getString("job"), accountId, rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString("status"), rs.getString("summary"), rs.getString("error"));
    }
}
