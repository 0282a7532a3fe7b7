package dev.tokentally.mail.channels;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.tokentally.base.net.OutboundHttp;
import dev.tokentally.base.net.RefusedAddressException;
import dev.tokentally.base.secrets.SecretBox;
import dev.tokentally.mail.OutboxSender;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Delivers the channel outbox: due messages oldest first, each POSTed to its channel's URL. A 2xx answer
 * marks it sent; anything else is tried again after a pause that doubles with each attempt (30 s, 1 min,
 * 2 min … at most an hour), as the mail outbox does.
 * <p>
 * One receiver never delays the others: each channel's messages go out on a virtual thread of their own, in
 * order, and a receiver gets {@code tokentally.alerts.delivery-timeout} to answer; after its first failure the rest
 * of its messages wait for the next round instead of each waiting out the timeout. Connections go through the
 * outbound address guard ({@link OutboundHttp}). URLs are opened only here and never logged: they often carry the
 * receiver's credential.
 */
@Component
@EnableConfigurationProperties(AlertChannelProperties.class)
public class ChannelSender {

    private static final Logger log = LoggerFactory.getLogger(ChannelSender.class);
    private static final Duration CLAIM = Duration.ofMinutes(10);
    private static final int BATCH = 50;

    private record Waiting(long id, long channelId) {
    }

    private record Due(long id, String body, int attempts, String sealedUrl, String sealedSecret) {
    }

    private enum Outcome { SENT, FAILED, TAKEN_ELSEWHERE }

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final Clock clock;
    private final RestClient http;

    ChannelSender(JdbcClient jdbc, SecretBox secrets, OutboundHttp outbound, AlertChannelProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
        this.http = RestClient.builder().requestFactory(outbound.requestFactory(properties.deliveryTimeout()))
                // Every answer is an outcome to record, not an exception.
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    @Scheduled(fixedDelayString = "${tokentally.mail.send-every}", initialDelayString = "${tokentally.mail.send-every}")
    @SchedulerLock(name = "channel-outbox", lockAtMostFor = "PT5M")
    public void deliver() {
        sendDue();
    }

    /** Sends what is due, each channel on its own virtual thread; returns how many were delivered. */
    public int sendDue() {
        List<Waiting> due = jdbc.sql("""
                        select id, channel_id from channel_outbox where sent_at is null and next_attempt_at <= ?
                        order by next_attempt_at, id limit ?""")
                .params(Timestamp.from(clock.instant()), BATCH).query(Waiting.class).list();
        Map<Long, List<Long>> byChannel = due.stream().collect(Collectors.groupingBy(Waiting::channelId, LinkedHashMap::new,
                Collectors.mapping(Waiting::id, Collectors.toList())));
        AtomicInteger sent = new AtomicInteger();
        try (ExecutorService channels = Executors.newVirtualThreadPerTaskExecutor()) {
            byChannel.values().forEach(ids -> channels.execute(() -> {
                try {
                    for (long id : ids) {
                        Outcome outcome = send(id);
                        if (outcome == Outcome.SENT) {
                            sent.incrementAndGet();
                        } else if (outcome == Outcome.FAILED) {
                            break;
                        }
                    }
                } catch (RuntimeException e) {
                    log.error("Delivering channel messages {} failed", ids, e);
                }
            }));
        }
        return sent.get();
    }

    private Outcome send(long id) {
        // Claimed first, so that another instance holding the job's lock later does not send it too.
        Instant claimedAt = clock.instant();
        boolean claimed = jdbc.sql("update channel_outbox set next_attempt_at = ? where id = ? and sent_at is null and next_attempt_at <= ?")
                .params(Timestamp.from(claimedAt.plus(CLAIM)), id, Timestamp.from(claimedAt)).update() == 1;
        if (!claimed) {
            return Outcome.TAKEN_ELSEWHERE;
        }
        Due due = jdbc.sql("""
                        select o.id, o.body, o.attempts, c.sealed_url, c.sealed_secret
                        from channel_outbox o join alert_channel c on c.id = o.channel_id where o.id = ?""")
                .param(id).query(Due.class).single();
        String failure = post(due);
        if (failure == null) {
            jdbc.sql("update channel_outbox set sent_at = ?, attempts = attempts + 1, last_error = null where id = ?")
                    .params(Timestamp.from(clock.instant()), id).update();
            return Outcome.SENT;
        }
        jdbc.sql("update channel_outbox set attempts = attempts + 1, next_attempt_at = ?, last_error = ? where id = ?")
                .params(Timestamp.from(clock.instant().plus(OutboxSender.RETRIES.backoff(due.attempts() + 1))), failure, id)
                .update();
        log.warn("Channel message {} not delivered (attempt {}): {}", id, due.attempts() + 1, failure);
        return Outcome.FAILED;
    }

    /** POSTs the message; returns null when the receiver took it, else why not (without the URL). */
    private String post(Due due) {
        try {
            RestClient.RequestBodySpec request = http.post().uri(URI.create(secrets.open(due.sealedUrl()).trim()))
                    .contentType(MediaType.APPLICATION_JSON).header("User-Agent", "Tokentally");
            if (due.sealedSecret() != null) {
                request.header(WebhookSignature.HEADER,
                        WebhookSignature.header(secrets.open(due.sealedSecret()), clock.instant().getEpochSecond(), due.body()));
            }
            int status = request.body(due.body().getBytes(StandardCharsets.UTF_8)).retrieve().toBodilessEntity().getStatusCode().value();
            return status / 100 == 2 ? null : "The receiver answered HTTP " + status;
        } catch (ResourceAccessException e) {
            return e.getCause() instanceof RefusedAddressException refused ? refused.getMessage()
                    : "Could not reach the receiver (" + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")";
        } catch (RestClientException | IllegalArgumentException e) {
            return "Could not reach the receiver (" + e.getClass().getSimpleName() + ")";
        }
    }
}
