package dev.tokentally.base;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who changed what, when, from what to what: prices, exchange rates, markups. Written in the same
 * transaction as the change it describes, so one never exists without the other.
 */
@Service
public class AuditLog {

    public record Entry(Instant at, String actor, String action, String before, String after) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String subject, Object subjectId, String action, String before, String after) {
        jdbc.sql("""
                        insert into audit_log (at, actor, subject, subject_id, action, before_value, after_value)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(java.sql.Timestamp.from(clock.instant()), actor(), subject, String.valueOf(subjectId), action,
                        before, after)
                .update();
    }

    /** Newest first. */
    @Transactional(readOnly = true)
    public List<Entry> history(String subject, Object subjectId, int offset, int limit) {
        return jdbc.sql("""
                        select at, actor, action, before_value, after_value from audit_log
                        where subject = ? and subject_id = ? order by at desc, id desc offset ? limit ?""")
                .params(subject, String.valueOf(subjectId), offset, limit)
                .query((rs, row) -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .list();
    }

    /** The signed-in user's name, or "system" for jobs and start-up. */
    public static String actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "system" : authentication.getName();
    }
}
