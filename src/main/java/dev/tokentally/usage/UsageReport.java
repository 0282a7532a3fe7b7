package dev.tokentally.usage;

import java.math.BigDecimal;
import java.time.Instant;

import dev.tokentally.pricing.TokenUsage;

/**
 * One billable call as a source reports it; token counts follow the named provider's own semantics.
 * {@code userId} is a Tokentally user, {@code externalUser} a caller's own user id (either may be empty).
 * {@code teamId} is the team the source names (the ingest API's {@code team}, the chat thread's team), null for
 * none; the ledger decides the event's team from it, the key's or agent's team and the member's default team.
 * {@code apiKeyId} is the key a gateway or API call came through (null: none).
 */
public record UsageReport(String idempotencyKey, String provider, String model, TokenUsage tokens, Long userId,
                          String externalUser, String agent, String session, String message, Instant occurredAt,
                          BigDecimal providerCostUsd, String metadataJson, boolean estimated, UsageSource source,
                          Long teamId, Long apiKeyId) {

    /** A report that names no team and came through no key. */
    public UsageReport(String idempotencyKey, String provider, String model, TokenUsage tokens, Long userId,
                       String externalUser, String agent, String session, String message, Instant occurredAt,
                       BigDecimal providerCostUsd, String metadataJson, boolean estimated, UsageSource source) {
        this(idempotencyKey, provider, model, tokens, userId, externalUser, agent, session, message, occurredAt,
                providerCostUsd, metadataJson, estimated, source, null, null);
    }

    public UsageReport withTeam(Long team) {
        return new UsageReport(idempotencyKey, provider, model, tokens, userId, externalUser, agent, session, message,
                occurredAt, providerCostUsd, metadataJson, estimated, source, team, apiKeyId);
    }

    public UsageReport withApiKey(Long apiKey) {
        return new UsageReport(idempotencyKey, provider, model, tokens, userId, externalUser, agent, session, message,
                occurredAt, providerCostUsd, metadataJson, estimated, source, teamId, apiKey);
    }
}
