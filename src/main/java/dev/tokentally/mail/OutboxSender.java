package dev.tokentally.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tokentally.base.RetryPolicy;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox over SMTP: due mail oldest first; a failure is tried again later, after a pause
 * that doubles with each attempt (30 s, 1 min, 2 min … at most an hour). A mail is marked sent right
 * after SMTP accepted it. Without SMTP configured ({@code spring.mail.host}) nothing is sent.
 */
@Component
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    /**
     * The outboxes' schedule (mail and alert channels): until delivered, 30 s doubling to an hour. No jitter: one sender
     * per cluster sends one message after another, so failures never come back as a crowd.
     */
    public static final RetryPolicy RETRIES = new RetryPolicy(0, Duration.ofSeconds(30), Duration.ofHours(1), 0);
    private static final int BATCH = 50;
    private static final Duration CLAIM = Duration.ofMinutes(10);

    private final ObjectProvider<JavaMailSender> mailSender;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final String from;

    OutboxSender(ObjectProvider<JavaMailSender> mailSender, JdbcClient jdbc, Clock clock,
                 OutboxProperties settings) {
        this.mailSender = mailSender;
        this.jdbc = jdbc;
        this.clock = clock;
        this.from = settings.from();
    }

    /** The schedule's entry: ShedLock locks only methods that return nothing. */
    @Scheduled(fixedDelayString = "${tokentally.mail.send-every}", initialDelayString = "${tokentally.mail.send-every}")
    @SchedulerLock(name = "mail-outbox", lockAtMostFor = "PT5M")
    public void deliver() {
        sendDue();
    }

    /** Sends what is due; returns how many were delivered. */
    public int sendDue() {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        List<Long> due = jdbc.sql("""
                        select id from mail_outbox where sent_at is null and next_attempt_at <= ?
                        order by next_attempt_at, id limit ?""")
                .params(Timestamp.from(clock.instant()), BATCH).query(Long.class).list();
        int sent = 0;
        for (long id : due) {
            if (send(sender, id)) {
                sent++;
            } else {
                // SMTP is likely down: leave the rest for the next run rather than fail each of them now.
                break;
            }
        }
        return sent;
    }

    private boolean send(JavaMailSender sender, long id) {
        // Claim the mail for a while first: another instance that gets the job's lock meanwhile does not send it too.
        Instant claimedAt = clock.instant();
        boolean claimed = jdbc.sql("update mail_outbox set next_attempt_at = ? where id = ? and sent_at is null and next_attempt_at <= ?")
                .params(Timestamp.from(claimedAt.plus(CLAIM)), id, Timestamp.from(claimedAt)).update() == 1;
        if (!claimed) {
            return true;
        }
        OutboxMail mail = jdbc.sql("select * from mail_outbox where id = ?").param(id).query((rs, row) -> MailOutbox.mail(rs)).single();
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(from);
            helper.setTo(InternetAddress.parse(mail.recipients()));
            helper.setSubject(mail.subject());
            helper.setText(mail.plainText(), mail.html());
            if (mail.attachmentName() != null) {
                byte[] attachment = jdbc.sql("select attachment from mail_outbox where id = ?").param(id)
                        .query(byte[].class).single();
                helper.addAttachment(mail.attachmentName(), new ByteArrayResource(attachment));
            }
            sender.send(message);
        } catch (MailException | MessagingException failure) {
            Instant now = clock.instant();
            jdbc.sql("update mail_outbox set attempts = attempts + 1, next_attempt_at = ?, last_error = ? where id = ?")
                    .params(Timestamp.from(now.plus(RETRIES.backoff(mail.attempts() + 1))), describe(failure), id)
                    .update();
            log.warn("Mail {} not delivered (attempt {}): {}", id, mail.attempts() + 1, describe(failure));
            return false;
        }
        jdbc.sql("update mail_outbox set sent_at = ?, attempts = attempts + 1, last_error = null where id = ?")
                .params(Timestamp.from(clock.instant()), id).update();
        return true;
    }

    private static String describe(Exception failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }
}
