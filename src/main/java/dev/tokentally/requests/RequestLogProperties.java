package dev.tokentally.requests;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The request log's settings: the queue between the calls and the writer (its capacity and the largest batch), how
 * many days rows are kept, and the OpenTelemetry collector (off when its endpoint is empty).
 */
@ConfigurationProperties("tokentally.requests")
record RequestLogProperties(int queueCapacity, int batchSize, int retentionDays, Otlp otlp) {

    RequestLogProperties {
        if (queueCapacity < 1 || batchSize < 1 || retentionDays < 1) {
            throw new IllegalArgumentException("tokentally.requests needs a queue-capacity, batch-size and retention-days of 1 or more");
        }
        otlp = otlp == null ? new Otlp("", Map.of(), Duration.ofSeconds(5)) : otlp;
    }

    /** OTLP/HTTP JSON: the collector's traces endpoint (e.g. http://collector:4318/v1/traces), headers, a timeout. */
    record Otlp(String endpoint, Map<String, String> headers, Duration timeout) {

        Otlp {
            endpoint = endpoint == null ? "" : endpoint.strip();
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        }
    }
}
