package dev.tokentally.requests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Where the gateway and the chat log their calls. {@link #add} only queues the row: one background thread writes
 * what has gathered in batches, so a call never waits on the log. The queue is bounded; when it is full the oldest
 * row is dropped and counted ({@code tokentally.requests.dropped}): this is a log, the ledger stays the source of truth.
 */
@Service
@EnableConfigurationProperties(RequestLogProperties.class)
public class RequestLog {

    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
    private static final Duration GATHER = Duration.ofMillis(100);

    private final RequestLogStore store;
    private final BodyStorageSettings bodies;
    private final OtlpExport otlp;
    private final RequestLogProperties properties;
    private final LinkedBlockingDeque<LoggedRequest> queue;
    private final Counter dropped;
    private final Counter failed;
    private final Thread writer;

    RequestLog(RequestLogStore store, BodyStorageSettings bodies, OtlpExport otlp, RequestLogProperties properties,
               MeterRegistry registry) {
        this.store = store;
        this.bodies = bodies;
        this.otlp = otlp;
        this.properties = properties;
        this.queue = new LinkedBlockingDeque<>(properties.queueCapacity());
        this.dropped = Counter.builder("tokentally.requests.dropped")
                .description("Request log rows dropped because the queue to the writer was full").register(registry);
        this.failed = Counter.builder("tokentally.requests.failed")
                .description("Request log rows lost because their batch could not be written").register(registry);
        this.writer = Thread.ofPlatform().daemon().name("request-log-writer").start(this::writeLoop);
    }

    /** Whether the organization stores bodies: only then does a caller hand them over. */
    public boolean storesBodies(long organizationId) {
        return bodies.stores(organizationId);
    }

    /** Queues the row; never blocks. Bodies are kept (redacted on the writer thread) only where the organization stores them. */
    public void add(LoggedRequest request) {
        LoggedRequest row = request.bodies() == null ? request : request.withBodies(new LoggedRequest.Bodies(
                cut(request.bodies().request()), cut(request.bodies().response())));
        while (!queue.offerLast(row)) {
            if (queue.pollFirst() != null) {
                dropped.increment();
            }
        }
    }

    /** A huge body costs the queue no more than a stored one would (redaction cuts it to its final size). */
    private static String cut(String body) {
        int keep = BodyRedaction.MAX_CHARS + 200;
        return body == null || body.length() <= keep ? body : body.substring(0, keep);
    }

    private void writeLoop() {
        List<LoggedRequest> batch = new ArrayList<>(properties.batchSize());
        while (!Thread.currentThread().isInterrupted()) {
            try {
                LoggedRequest first = queue.pollFirst(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather();
                queue.drainTo(batch, properties.batchSize() - 1);
                write(batch);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * After the first row, the rows of the calls in flight are let gather for a moment: under steady traffic the log
     * costs a few inserts a second instead of a transaction (and a wake-up of this thread) per call. Stopping ends the
     * wait early; what was taken is still written.
     */
    private static void gather() {
        try {
            Thread.sleep(GATHER);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<LoggedRequest> batch) {
        List<LoggedRequest> rows = batch.stream().map(RequestLog::redacted).toList();
        try {
            store.insert(rows);
        } catch (RuntimeException failure) {
            // One row the table refuses must not take its batch with it: each is tried alone, the refused ones counted.
            log.warn("A batch of {} request log rows could not be written; writing them one by one", rows.size(), failure);
            rows = rows.stream().filter(this::insertedAlone).toList();
        }
        otlp.export(rows);
    }

    private boolean insertedAlone(LoggedRequest row) {
        try {
            store.insert(List.of(row));
            return true;
        } catch (RuntimeException refused) {
            failed.increment();
            log.warn("A request log row of organization {} could not be written: {}", row.organizationId(), refused.getMessage());
            return false;
        }
    }

    private static LoggedRequest redacted(LoggedRequest row) {
        return row.bodies() == null ? row : row.withBodies(new LoggedRequest.Bodies(
                BodyRedaction.redact(row.bodies().request()), BodyRedaction.redact(row.bodies().response())));
    }

    /** On shutdown: what is queued is written before the writer stops. */
    @PreDestroy
    void stop() throws InterruptedException {
        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(5));
        List<LoggedRequest> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (int from = 0; from < rest.size(); from += properties.batchSize()) {
            store.insert(rest.subList(from, Math.min(rest.size(), from + properties.batchSize())).stream()
                    .map(RequestLog::redacted).toList());
        }
    }
}
