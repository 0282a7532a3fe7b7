package dev.tokentally.models;

import java.util.Optional;

/**
 * Asked before every chat call whether the organization's budgets leave room for it. The budgets module
 * implements it; without one every call may proceed.
 */
public interface SpendGate {

    /**
     * A call about to be made: its prompt as counted and the most it may answer; {@code teamId} the team it is
     * charged to unless its key's or agent's team decides (null: the member's default team), {@code apiKeyId} the
     * key it comes through (null: none).
     */
    record SpendRequest(long organizationId, long userId, Long agentId, String agentName, long modelId, long inputTokens,
                        long maxOutputTokens, Long teamId, Long apiKeyId) {

        public SpendRequest(long organizationId, long userId, Long agentId, String agentName, long modelId,
                            long inputTokens, long maxOutputTokens) {
            this(organizationId, userId, agentId, agentName, modelId, inputTokens, maxOutputTokens, null, null);
        }
    }

    /** Room held for a call in flight, given back when the call has been recorded or has failed. */
    interface Reservation {
        void release();
    }

    /** @throws SpendRefusedException when a hard limit leaves no room for the call */
    Reservation reserve(SpendRequest request);

    /** What the member has left to spend, in a few words ("EUR 12.30 left this month"), if a budget applies. */
    default Optional<String> allowance(long organizationId, long userId) {
        return Optional.empty();
    }

    SpendGate UNLIMITED = request -> () -> {
    };
}
