package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.Roles;
import dev.tokentally.mail.MailOutbox;
import dev.tokentally.mail.OutboxMail;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.mail.channels.ChannelDelivery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The alerts an organization's budgets sent: what, when, to whom, and whether the mail and channel messages went out. */
@Service
@Transactional(readOnly = true)
public class BudgetAlertHistory {

    /** One alert; {@code threshold} 0 is the forecast warning. {@code mail} is null when nobody could be told. */
    public record Entry(long id, String budget, LocalDate periodStart, int threshold, BigDecimal spent, BigDecimal amount,
                        LocalDate forecastDate, Instant createdAt, OutboxMail mail) {

        public String what() {
            return threshold == 0 ? "Projected to run out on " + forecastDate : "Passed " + threshold + " %";
        }
    }

    /** A wallet alert: its balance fell below the alert ({@code threshold}), or a call was refused for lack of it. */
    public record BalanceEntry(long id, BalanceAlerts.Kind kind, BigDecimal balance, BigDecimal threshold, Instant createdAt,
                               OutboxMail mail) {

        public String what() {
            return kind == BalanceAlerts.Kind.LOW_BALANCE ? "Balance below its alert" : "A call was refused for lack of balance";
        }
    }

    private final JdbcClient jdbc;
    private final MailOutbox outbox;
    private final AlertChannels channels;
    private final CurrentUser currentUser;
    private final Clock clock;

    BudgetAlertHistory(JdbcClient jdbc, MailOutbox outbox, AlertChannels channels, CurrentUser currentUser, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.channels = channels;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public List<Entry> recent(long organizationId, int offset, int limit) {
        currentUser.requireAccessTo(organizationId);
        record Row(long id, String budget, LocalDate periodStart, int threshold, BigDecimal spent, BigDecimal amount,
                   LocalDate forecastDate, Instant createdAt, Long mailId) {
        }
        List<Row> rows = jdbc.sql("""
                        select a.id, coalesce(b.name, a.budget_name || ' (deleted)') as name, a.period_start, a.threshold, a.spent,
                               a.amount, a.forecast_date, a.created_at, a.mail_id
                        from budget_alert a left join budget b on b.id = a.budget_id
                        where a.organization_id = ? order by a.created_at desc, a.id desc offset ? limit ?""")
                .params(organizationId, offset, limit)
                .query((rs, row) -> {
                    long mail = rs.getLong("mail_id");
                    return new Row(rs.getLong("id"), rs.getString("name"), rs.getDate("period_start").toLocalDate(),
                            rs.getInt("threshold"), rs.getBigDecimal("spent"), rs.getBigDecimal("amount"),
                            rs.getDate("forecast_date") == null ? null : rs.getDate("forecast_date").toLocalDate(),
                            rs.getTimestamp("created_at").toInstant(), rs.wasNull() ? null : mail);
                }).list();
        Map<Long, OutboxMail> mails = outbox.byIds(rows.stream().map(Row::mailId).filter(Objects::nonNull).toList());
        return rows.stream().map(row -> new Entry(row.id(), row.budget(), row.periodStart(), row.threshold(), row.spent(),
                row.amount(), row.forecastDate(), row.createdAt(), row.mailId() == null ? null : mails.get(row.mailId()))).toList();
    }

    /** The wallet's alerts, newest first. */
    @PreAuthorize(Roles.IS_ADMIN)
    public List<BalanceEntry> balanceAlerts(long organizationId, int offset, int limit) {
        currentUser.requireAccessTo(organizationId);
        record Row(long id, BalanceAlerts.Kind kind, BigDecimal balance, BigDecimal threshold, Instant createdAt, Long mailId) {
        }
        List<Row> rows = jdbc.sql("""
                        select id, kind, balance, threshold, created_at, mail_id from balance_alert
                        where organization_id = ? order by created_at desc, id desc offset ? limit ?""")
                .params(organizationId, offset, limit)
                .query((rs, row) -> {
                    long mail = rs.getLong("mail_id");
                    Long mailId = rs.wasNull() ? null : mail;
                    return new Row(rs.getLong("id"), BalanceAlerts.Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("balance"),
                            rs.getBigDecimal("threshold"), rs.getTimestamp("created_at").toInstant(), mailId);
                }).list();
        Map<Long, OutboxMail> mails = outbox.byIds(rows.stream().map(Row::mailId).filter(Objects::nonNull).toList());
        return rows.stream().map(row -> new BalanceEntry(row.id(), row.kind(), row.balance(), row.threshold(), row.createdAt(),
                row.mailId() == null ? null : mails.get(row.mailId()))).toList();
    }

    /** What went to the organization's Slack, Teams and webhook channels, alerts and tests, newest first. */
    @PreAuthorize(Roles.IS_ADMIN)
    public List<ChannelDelivery> channelDeliveries(long organizationId, int offset, int limit) {
        return channels.deliveries(organizationId, offset, limit);
    }

    /** Alerts of the last seven days, for the bell in the header. */
    @PreAuthorize(Roles.IS_ADMIN)
    public long countLastWeek(long organizationId) {
        currentUser.requireAccessTo(organizationId);
        return jdbc.sql("""
                        select count(*) from budget_alert where organization_id = ? and created_at > ?""")
                .params(organizationId, Timestamp.from(clock.instant().minus(Duration.ofDays(7)))).query(Long.class).single();
    }
}
