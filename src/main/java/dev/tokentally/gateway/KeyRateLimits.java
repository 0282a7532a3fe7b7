package dev.tokentally.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.base.RateLimiter;
import org.springframework.stereotype.Component;

/**
 * A key's requests and tokens per minute, as {@link RateLimiter} buckets; a call counts its worst case (prompt plus
 * the most it may answer), as OpenAI counts {@code max_tokens}. A refused call takes from neither bucket.
 */
@Component
class KeyRateLimits {

    private record Key(long keyId, String what) {
    }

    private final RateLimiter limiter;

    KeyRateLimits(Clock clock) {
        this.limiter = new RateLimiter(Duration.ofMinutes(1), clock);
    }

    /**
     * Takes one request and the tokens from the key's buckets, or neither.
     *
     * @return the {@code x-ratelimit-*} headers to send with the answer
     * @throws GatewayException 429 with {@code Retry-After} when a limit has no room
     */
    Map<String, String> take(long keyId, ApiKeySettings settings, long tokens) {
        Integer requestLimit = settings.requestsPerMinute();
        Integer tokenLimit = settings.tokensPerMinute();
        List<String> what = new ArrayList<>(2);
        List<RateLimiter.Ask> asks = new ArrayList<>(2);
        if (requestLimit != null) {
            what.add("requests");
            asks.add(new RateLimiter.Ask(new Key(keyId, "requests"), requestLimit, 1));
        }
        if (tokenLimit != null) {
            what.add("tokens");
            asks.add(new RateLimiter.Ask(new Key(keyId, "tokens"), tokenLimit, tokens));
        }
        if (asks.isEmpty()) {
            return Map.of();
        }
        RateLimiter.Outcome outcome = limiter.take(asks);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < asks.size(); i++) {
            RateLimiter.Level level = outcome.levels().get(i);
            headers.put("x-ratelimit-limit-" + what.get(i), String.valueOf(level.limit()));
            headers.put("x-ratelimit-remaining-" + what.get(i), String.valueOf(level.remaining()));
            headers.put("x-ratelimit-reset-" + what.get(i), level.untilFullMillis() + "ms");
        }
        if (!outcome.taken()) {
            headers.put("Retry-After", String.valueOf(Math.max(1, (outcome.waitMillis() + 999) / 1000)));
            throw new GatewayException(GatewayException.Kind.RATE_LIMIT, "Rate limit reached for this API key: "
                    + asks.get(outcome.limiting()).limit() + " " + what.get(outcome.limiting()) + " per minute. Try again in "
                    + headers.get("Retry-After") + " s.", headers);
        }
        return headers;
    }
}
