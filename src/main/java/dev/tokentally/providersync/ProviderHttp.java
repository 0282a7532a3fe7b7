package dev.tokentally.providersync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.base.RetryPolicy;
import dev.tokentally.base.net.RetryAfter;
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
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(2);

    private final HttpClient client;
    private final Sleeper sleeper;
    private final RetryPolicy retries;
    private final Duration timeout;
    private final Clock clock;

    ProviderHttp(HttpClient syncHttpClient, Sleeper sleeper, Clock clock, SyncProperties settings) {
        this.client = syncHttpClient;
        this.sleeper = sleeper;
        // No jitter: one sync job runs per cluster. A provider asking for a wait over two minutes is not waited out here;
        // the step fails and its next scheduled run picks it up again.
        Duration backoff = settings.backoff();
        this.retries = new RetryPolicy(settings.attempts(), backoff, LONGEST_PAUSE.compareTo(backoff) < 0 ? backoff : LONGEST_PAUSE, 0);
        this.timeout = settings.timeout();
        this.clock = clock;
    }

    JsonNode get(URI uri, Map<String, String> headers) {
        String what = uri.getHost() + uri.getPath();
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
            headers.forEach(request::header);
            Optional<Duration> pause;
            String failure;
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return parse(response.body(), what);
                }
                if (status == 429) {
                    pause = retries.pauseAfter(attempt, RetryAfter.of(response.headers(), clock.instant()));
                    failure = "429 rate limited";
                } else if (status >= 500) {
                    pause = retries.pauseAfter(attempt, Optional.empty());
                    failure = status + " server error";
                } else {
                    throw new SyncException(what + " answered " + status + (status == 401 || status == 403
                            ? ": the admin key was refused" : ""));
                }
            } catch (HttpTimeoutException timedOut) {
                pause = retries.pauseAfter(attempt, Optional.empty());
                failure = "timeout";
            } catch (IOException unreachable) {
                pause = retries.pauseAfter(attempt, Optional.empty());
                failure = "unreachable (" + unreachable.getClass().getSimpleName() + ")";
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new SyncException("Interrupted while reading " + what, interrupted);
            }
            if (pause.isEmpty()) {
                throw new SyncException(what + " failed " + attempt + " times, last: " + failure);
            }
            log.info("{}: {}; attempt {} in {} s", what, failure, attempt + 1, pause.get().toMillis() / 1000.0);
            try {
                sleeper.sleep(pause.get());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new SyncException("Interrupted while waiting to retry " + what, interrupted);
            }
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
