package dev.tokentally.requests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Once an hour (on one instance): rows older than {@code tokentally.requests.retention-days} go, in chunks so that no
 * delete holds the table long, and each organization's bodies go after its own body retention period.
 */
@Component
class RequestLogRetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RequestLogRetentionJob.class);
    private static final int CHUNK = 10_000;

    private final RequestLogStore store;
    private final BodyStorageSettings bodies;
    private final RequestLogProperties properties;
    private final Clock clock;

    RequestLogRetentionJob(RequestLogStore store, BodyStorageSettings bodies, RequestLogProperties properties, Clock clock) {
        this.store = store;
        this.bodies = bodies;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "0 17 * * * *")
    @SchedulerLock(name = "request-log-retention", lockAtMostFor = "PT30M")
    void run() {
        Instant now = clock.instant();
        long deleted = 0;
        for (int chunk; (chunk = store.deleteBefore(now.minus(Duration.ofDays(properties.retentionDays())), CHUNK)) > 0; ) {
            deleted += chunk;
        }
        for (Map.Entry<Long, Integer> organization : bodies.storing()) {
            store.clearBodies(organization.getKey(), now.minus(Duration.ofDays(organization.getValue())));
        }
        if (deleted > 0) {
            log.info("Deleted {} request log rows older than {} days", deleted, properties.retentionDays());
        }
    }
}
