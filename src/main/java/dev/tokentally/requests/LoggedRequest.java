package dev.tokentally.requests;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.tokentally.pricing.TokenCounts;

/**
 * One call as the request log keeps it. {@code id} is null until it is written; tokens are zero and the billing
 * empty for a call that recorded no ledger event (a refusal, a provider error).
 */
public record LoggedRequest(Long id, Instant occurredAt, long organizationId, Caller caller, Route route, Outcome outcome,
                            Timing timing, TokenCounts tokens, Billing billing, boolean cacheHit, List<String> tags,
                            Bodies bodies) {

    public LoggedRequest {
        tokens = tokens == null ? TokenCounts.of(0, 0) : tokens;
        billing = billing == null ? Billing.NONE : billing;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Who called: an API key (with the member and agent it stands for) or a member in the chat. */
    public record Caller(Long apiKeyId, Long userId, String agentName) {
    }

    /** What was called, and how: the model, the connection that served it, the wire format and the endpoint. */
    public record Route(String model, String connection, String wireFormat, String endpoint) {
    }

    /** The HTTP status we answered (200 for a chat answer) and, for a failure, its code and short message. */
    public record Outcome(int status, String errorCode, String errorMessage) {

        public static Outcome ok(int status) {
            return new Outcome(status, null, null);
        }

        public boolean failed() {
            return status >= 400;
        }
    }

    /** Until the last byte; until the first byte or token of a streamed answer (null for others). */
    public record Timing(long latencyMs, Long ttftMs, boolean streamed) {
    }

    /** The ledger event the call was billed as, with its billed cost; NONE for a call that recorded none. */
    public record Billing(UUID usageEventId, BigDecimal cost, String currency) {

        public static final Billing NONE = new Billing(null, null, null);
    }

    /** The request and response bodies as stored (redacted, truncated); null when the organization stores none. */
    public record Bodies(String request, String response) {
    }

    /** Cache writes of either lifetime, as one count. */
    public long cacheWriteTokens() {
        return tokens.cacheWrite5m() + tokens.cacheWrite1h();
    }

    LoggedRequest withBodies(Bodies stored) {
        return new LoggedRequest(id, occurredAt, organizationId, caller, route, outcome, timing, tokens, billing, cacheHit, tags,
                stored);
    }
}
