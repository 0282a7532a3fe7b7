package dev.tokentally.models;

import java.util.Optional;

import dev.tokentally.base.CallTags;
import dev.tokentally.base.Money;
import dev.tokentally.pricing.CallContext;

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
                        long maxOutputTokens, Long teamId, Long apiKeyId, CallTags tags) {

        public SpendRequest {
            if (tags == null) {
                tags = CallTags.NONE;
            }
        }

        public SpendRequest(long organizationId, long userId, Long agentId, String agentName, long modelId, long inputTokens,
                            long maxOutputTokens, Long teamId, Long apiKeyId) {
            this(organizationId, userId, agentId, agentName, modelId, inputTokens, maxOutputTokens, teamId, apiKeyId, null);
        }

        /**
         * The answer limit assumed for a call whose request, agent and model give none: the chat sends it, the gateway
         * and the budgets reserve it.
         */
        public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

        public SpendRequest(long organizationId, long userId, Long agentId, String agentName, long modelId,
                            long inputTokens, long maxOutputTokens) {
            this(organizationId, userId, agentId, agentName, modelId, inputTokens, maxOutputTokens, null, null, null);
        }

        /** This call with its tags: the budgets on those tags hold it too. */
        public SpendRequest withTags(CallTags changed) {
            return new SpendRequest(organizationId, userId, agentId, agentName, modelId, inputTokens, maxOutputTokens, teamId,
                    apiKeyId, changed);
        }

        /** The most one answer may hold: what the call or its agent asks for ({@code asked}), else the model's limit. */
        public static int maxOutputTokens(Integer asked, ChatModelChoice model) {
            return asked != null ? asked : model.maxOutputTokens() != null ? model.maxOutputTokens() : DEFAULT_MAX_OUTPUT_TOKENS;
        }

        /** A member's chat call, charged to {@code teamId} (null: the agent's or the member's default team). */
        public static SpendRequest chat(long organizationId, long userId, Long agentId, String agentName, Long teamId,
                                        ChatModelChoice model, long inputTokens, long maxOutputTokens) {
            return new SpendRequest(organizationId, userId, agentId, agentName, model.modelId(), inputTokens, maxOutputTokens,
                    teamId, null);
        }

        /** A call through an API key, on behalf of the key's member ({@code userId}, null: none) and agent name. */
        public static SpendRequest apiKey(long organizationId, long apiKeyId, Long userId, String agentName,
                                          ChatModelChoice model, long inputTokens, long maxOutputTokens) {
            return new SpendRequest(organizationId, userId == null ? 0 : userId, null, agentName, model.modelId(), inputTokens,
                    maxOutputTokens, null, apiKeyId);
        }
    }

    /** Room held for a call in flight, given back when the call has been recorded or has failed. */
    interface Reservation {
        void release();

        /** What the gate looked up for the call, for the ledger to book it with; null when the gate looked up nothing. */
        default CallContext context() {
            return null;
        }
    }

    /** @throws SpendRefusedException when a hard limit leaves no room for the call */
    Reservation reserve(SpendRequest request);

    /**
     * What the member's own chat calls may still spend: the tightest active budget on their path, {@code left} after
     * spend and reservations, with {@code daysLeft} in its period. Each view words it its own way.
     */
    record Allowance(Money left, String budgetName, long daysLeft) {
    }

    /** The member's allowance; empty when no budget limits them. */
    default Optional<Allowance> allowance(long organizationId, long userId) {
        return Optional.empty();
    }

    /**
     * Whether a budget on the call's path (hard or soft) has spent at least {@code percent} % of its limit in its current
     * period, compared exactly; what a route's budget-aware downgrade asks. Reads the budgets; reserves nothing.
     */
    default boolean spentAtLeast(SpendRequest request, int percent) {
        return false;
    }

    SpendGate UNLIMITED = request -> () -> {
    };
}
