package dev.tokentally.providersync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GETs a provider's JSON with the patience its APIs ask for: a 429 waits as long as {@code retry-after}
 * says, a 5xx or a timeout is tried again after a growing pause, and a body that is not complete JSON
 * fails the step (so nothing of it is written).
 */
@Component
class ProviderHttp {

    private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final Sleeper sleeper;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;

    ProviderHttp(HttpClient syncHttpClient, Sleeper sleeper, SyncProperties settings) {
        this.client = syncHttpClient;
        this.sleeper = sleeper;
        this.attempts = settings.attempts();
        this.backoff = settings.backoff();
        this.timeout = settings.timeout();
    }

    JsonNode get(URI uri, Map<String, String> headers) {
        String what = uri.getHost() + uri.getPath();
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
            headers.forEach(request::header);
            Duration pause;
            String failure;
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return parse(response.body(), what);
                }
                if (status == 429) {
                    pause = response.headers().firstValue("retry-after").map(ProviderHttp::seconds).orElse(backoff(attempt));
                    failure = "429 rate limited";
                } else if (status >= 500) {
                    pause = backoff(attempt);
                    failure = status + " server error";
                } else {
                    throw new SyncException(what + " answered " + status + (status == 401 || status == 403
                            ? ": the admin key was refused" : ""));
                }
            } catch (HttpTimeoutException timedOut) {
                pause = backoff(attempt);
                failure = "timeout";
            } catch (IOException unreachable) {
                pause = backoff(attempt);
                failure = "unreachable (" + unreachable.getClass().getSimpleName() + ")";
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new SyncException("Interrupted while reading " + what, interrupted);
            }
            if (attempt >= attempts) {
                throw new SyncException(what + " failed " + attempts + " times, last: " + failure);
            }
            log.info("{}: {}; attempt {} in {} s", what, failure, attempt + 1, pause.toMillis() / 1000.0);
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new SyncException("Interrupted while waiting to retry " + what, interrupted);
            }
        }
    }

    private Duration backoff(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt - 1, 6));
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException notSeconds) {
            return Duration.ofSeconds(5);
        }
    }

    private static JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException broken) {
            throw new SyncException(what + " sent invalid or truncated JSON", broken);
        }
    }
}
