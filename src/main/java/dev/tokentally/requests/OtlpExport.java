package dev.tokentally.requests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;

import dev.tokentally.base.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends the logged calls to an OpenTelemetry collector (OTLP/HTTP JSON) when {@code tokentally.requests.otlp.endpoint}
 * is set: one batch per written batch, from its own thread, so neither a call nor the log's writer waits on it. A
 * collector that fails is tried a few times, then the batch is dropped and counted ({@code tokentally.requests.otlp.dropped}).
 */
@Component
class OtlpExport {

    private static final Logger log = LoggerFactory.getLogger(OtlpExport.class);
    private static final int PENDING_BATCHES = 100;
    private static final RetryPolicy RETRIES = RetryPolicy.doubling(3, Duration.ofMillis(200), RetryPolicy.SPREAD);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LinkedBlockingDeque<List<LoggedRequest>> pending = new LinkedBlockingDeque<>(PENDING_BATCHES);
    private final Counter dropped;
    private final Thread sender;
    private volatile RequestLogProperties.Otlp settings;

    OtlpExport(RequestLogProperties properties, MeterRegistry registry) {
        this.settings = properties.otlp();
        this.dropped = Counter.builder("tokentally.requests.otlp.dropped")
                .description("Logged calls not exported: the collector failed or the export queue was full").register(registry);
        this.sender = Thread.ofPlatform().daemon().name("request-log-otlp").start(this::sendLoop);
    }

    /** Replaces the collector from now on; @return the one before (tests point it at a fake). */
    RequestLogProperties.Otlp useCollector(RequestLogProperties.Otlp replacement) {
        RequestLogProperties.Otlp before = settings;
        settings = replacement;
        return before;
    }

    void export(List<LoggedRequest> batch) {
        if (settings.endpoint().isEmpty() || batch.isEmpty()) {
            return;
        }
        while (!pending.offerLast(batch)) {
            List<LoggedRequest> oldest = pending.pollFirst();
            if (oldest != null) {
                dropped.increment(oldest.size());
            }
        }
    }

    private void sendLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                List<LoggedRequest> batch = pending.takeFirst();
                send(batch, settings);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException unexpected) {
                log.warn("Could not export logged calls to OpenTelemetry", unexpected);
            }
        }
    }

    private void send(List<LoggedRequest> batch, RequestLogProperties.Otlp collector) throws InterruptedException {
        if (collector.endpoint().isEmpty()) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(collector.endpoint())).timeout(collector.timeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(OtlpSpans.json(batch)));
        collector.headers().forEach(request::header);
        for (int failed = 0; ; ) {
            String problem;
            try {
                HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                problem = "HTTP " + response.statusCode();
            } catch (java.io.IOException unreachable) {
                problem = unreachable.toString();
            }
            failed++;
            if (!RETRIES.triesAgain(failed)) {
                dropped.increment(batch.size());
                log.warn("The OpenTelemetry collector did not take {} logged calls ({}); they are dropped", batch.size(), problem);
                return;
            }
            Thread.sleep(RETRIES.backoff(failed));
        }
    }

    @PreDestroy
    void stop() {
        sender.interrupt();
    }
}
