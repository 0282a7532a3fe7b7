package dev.tokentally.gateway.cache;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every ten minutes (on one instance): the expired cached answers go, in chunks so that no delete holds the table long. */
@Component
class ResponseCachePurgeJob {

    private static final Logger log = LoggerFactory.getLogger(ResponseCachePurgeJob.class);
    private static final int CHUNK = 5_000;

    private final ResponseCache cache;

    ResponseCachePurgeJob(ResponseCache cache) {
        this.cache = cache;
    }

    @Scheduled(cron = "0 */10 * * * *")
    @SchedulerLock(name = "response-cache-purge", lockAtMostFor = "PT10M")
    void run() {
        long deleted = 0;
        for (int chunk; (chunk = cache.purgeExpired(CHUNK)) > 0; ) {
            deleted += chunk;
        }
        if (deleted > 0) {
            log.info("Deleted {} expired cached gateway answers", deleted);
        }
    }
}
