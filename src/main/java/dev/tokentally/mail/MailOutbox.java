package dev.tokentally.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.ControlCharacters;
import dev.tokentally.base.Roles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mail is written here in the transaction of whatever caused it and delivered later by the
 * {@link OutboxSender}; nothing is lost when SMTP is down or the application stops in between. Without
 * SMTP configured mail stays here, readable in the Outbox view.
 */
@Service
public class MailOutbox {

    /** A message to queue; an attachment is optional. */
    public record Message(Long organizationId, List<String> recipients, String subject, String html, String plainText,
                          String attachmentName, byte[] attachment) {

        /** A subject is one line of text: a control character in a name put into it becomes a space. */
        public Message {
            subject = ControlCharacters.toSpaces(subject);
        }
    }

    private static final String SELECT = """
            select id, organization_id, recipients, subject, html, plain_text, attachment_name, created_at, attempts,
                   next_attempt_at, sent_at, last_error from mail_outbox""";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CurrentUser currentUser;

    MailOutbox(JdbcClient jdbc, Clock clock, CurrentUser currentUser) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.currentUser = currentUser;
    }

    /** Queues the message as part of the caller's transaction; returns its id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long enqueue(Message message) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                        insert into mail_outbox (organization_id, recipients, subject, html, plain_text, attachment_name,
                                                 attachment, created_at, next_attempt_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(message.organizationId(), String.join(", ", message.recipients()), message.subject(), message.html(),
                        message.plainText(), message.attachmentName(), message.attachment(), now, now)
                .query(Long.class).single();
    }

    /** The newest mail first: an org admin's own organization's, a platform admin's all. */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<OutboxMail> recent(int offset, int limit) {
        SignedInUser user = currentUser.require();
        return jdbc.sql(SELECT + " where (cast(:organization as bigint) is null or organization_id = :organization)"
                        + " order by id desc offset :offset limit :limit")
                .param("organization", user.isPlatformAdmin() ? null : user.organizationId())
                .param("offset", offset).param("limit", limit)
                .query((rs, row) -> mail(rs)).list();
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public long count() {
        SignedInUser user = currentUser.require();
        return jdbc.sql("select count(*) from mail_outbox where (cast(? as bigint) is null or organization_id = ?)")
                .params(user.isPlatformAdmin() ? null : user.organizationId(), user.isPlatformAdmin() ? null : user.organizationId())
                .query(Long.class).single();
    }

    /** The named mails, for histories that keep a reference to the mail they caused. */
    @Transactional(readOnly = true)
    public Map<Long, OutboxMail> byIds(Collection<Long> ids) {
        Map<Long, OutboxMail> found = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql(SELECT + " where id in (:ids)").param("ids", ids).query((rs, row) -> mail(rs)).list()
                    .forEach(mail -> found.put(mail.id(), mail));
        }
        return found;
    }

    static OutboxMail mail(ResultSet rs) throws SQLException {
        long organization = rs.getLong("organization_id");
        return new OutboxMail(rs.getLong("id"), rs.wasNull() ? null : organization, rs.getString("recipients"),
                rs.getString("subject"), rs.getString("html"), rs.getString("plain_text"), rs.getString("attachment_name"),
                instant(rs, "created_at"), rs.getInt("attempts"), instant(rs, "next_attempt_at"), instant(rs, "sent_at"),
                rs.getString("last_error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
