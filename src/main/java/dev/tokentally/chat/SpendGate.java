package dev.tokentally.chat;

import java.util.Optional;

/**
 * Asked before every chat call whether the organization's budgets leave room for it. The budgets module
 * implements it; without one every call may proceed.
 */
public interface SpendGate {

    /** A call about to be made: its prompt as counted and the most it may answer. */
    record SpendRequest(long organizationId, long userId, Long agentId, String agentName, long modelId, long inputTokens,
                        long maxOutputTokens) {
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
