package dev.tokentally.chat;

import java.time.Instant;

/** A member's conversation with an agent or a plain model, charged to one of the member's teams (null: none). */
public record ChatThread(long id, long organizationId, long userId, String title, Long agentId, String agentName,
                         long modelId, Instant updatedAt, Long teamId) {
}
