package dev.tokentally.mail.channels;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.secrets.SecretBox;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers the channel outbox: due messages oldest first, each POSTed to its channel's URL. A 2xx answer
 * marks it sent; anything else is tried again after a pause that doubles with each attempt (30 s, 1 min,
 * 2 min … at most an hour), as the mail outbox does. One receiver being down does not hold up the others.
 * URLs are opened only here and never logged: they often carry the receiver's credential.
 */
@Component
public class ChannelSender {

    private static final Logger log = LoggerFactory.getLogger(ChannelSender.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LAST_RETRY = Duration.ofHours(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLAIM = Duration.ofMinutes(10);
    private static final int BATCH = 50;

    private record Due(long id, String body, int attempts, String sealedUrl, String sealedSecret) {
    }

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final AddressGuard guard;
    private final Clock clock;
    // Redirects are not followed: a receiver could otherwise point the server at an internal address.
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    ChannelSender(JdbcClient jdbc, SecretBox secrets, AddressGuard guard, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.guard = guard;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${tokentally.mail.send-every}", initialDelayString = "${tokentally.mail.send-every}")
    @SchedulerLock(name = "channel-outbox", lockAtMostFor = "PT5M")
    public void deliver() {
        sendDue();
    }

    /** Sends what is due; returns how many were delivered. */
    public int sendDue() {
        List<Long> due = jdbc.sql("""
                        select id from channel_outbox where sent_at is null and next_attempt_at <= ?
                        order by next_attempt_at, id limit ?""")
                .params(Timestamp.from(clock.instant()), BATCH).query(Long.class).list();
        int sent = 0;
        for (long id : due) {
            if (send(id)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(long id) {
        // Claimed first, so that another instance holding the job's lock later does not send it too.
        Instant claimedAt = clock.instant();
        boolean claimed = jdbc.sql("update channel_outbox set next_attempt_at = ? where id = ? and sent_at is null and next_attempt_at <= ?")
                .params(Timestamp.from(claimedAt.plus(CLAIM)), id, Timestamp.from(claimedAt)).update() == 1;
        if (!claimed) {
            return false;
        }
        Due due = jdbc.sql("""
                        select o.id, o.body, o.attempts, c.sealed_url, c.sealed_secret
                        from channel_outbox o join alert_channel c on c.id = o.channel_id where o.id = ?""")
                .param(id).query(Due.class).single();
        String failure = post(due);
        if (failure == null) {
            jdbc.sql("update channel_outbox set sent_at = ?, attempts = attempts + 1, last_error = null where id = ?")
                    .params(Timestamp.from(clock.instant()), id).update();
            return true;
        }
        Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(due.attempts(), 10));
        jdbc.sql("update channel_outbox set attempts = attempts + 1, next_attempt_at = ?, last_error = ? where id = ?")
                .params(Timestamp.from(clock.instant().plus(pause.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause)), failure, id)
                .update();
        log.warn("Channel message {} not delivered (attempt {}): {}", id, due.attempts() + 1, failure);
        return false;
    }

    /** POSTs the message; returns null when the receiver took it, else why not (without the URL). */
    private String post(Due due) {
        URI url;
        try {
            url = guard.check(secrets.open(due.sealedUrl()));
        } catch (FieldRejectedException refused) {
            return refused.getMessage();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "Tokentally")
                .POST(HttpRequest.BodyPublishers.ofString(due.body()));
        if (due.sealedSecret() != null) {
            request.header(WebhookSignature.HEADER,
                    WebhookSignature.header(secrets.open(due.sealedSecret()), clock.instant().getEpochSecond(), due.body()));
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "The receiver answered HTTP " + response.statusCode();
        } catch (IOException e) {
            return "Could not reach the receiver (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Interrupted";
        }
    }
}
