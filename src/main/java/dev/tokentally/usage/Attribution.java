package dev.tokentally.usage;

import dev.tokentally.base.CallTags;

/**
 * Whose call it was: {@code userId} a Tokentally user, {@code externalUser} a caller's own user id (either may be
 * empty), the agent and session it belongs to, its team and the API key it came through (null: none).
 */
public record Attribution(Long userId, String externalUser, String agent, String session, Long teamId, Long apiKeyId,
                          CallTags tags) {

    public Attribution {
        tags = tags == null ? CallTags.NONE : tags;
    }

    public Attribution(Long userId, String externalUser, String agent, String session, Long teamId, Long apiKeyId) {
        this(userId, externalUser, agent, session, teamId, apiKeyId, null);
    }

    /** A call that names no team and came through no key. */
    public static Attribution of(Long userId, String externalUser, String agent, String session) {
        return new Attribution(userId, externalUser, agent, session, null, null);
    }

    public Attribution withTeam(Long team) {
        return new Attribution(userId, externalUser, agent, session, team, apiKeyId, tags);
    }

    public Attribution withApiKey(Long apiKey) {
        return new Attribution(userId, externalUser, agent, session, teamId, apiKey, tags);
    }

    /** The call's tags (none: {@link CallTags#NONE}), which reports, chargeback and tag budgets group by. */
    public Attribution withTags(CallTags changed) {
        return new Attribution(userId, externalUser, agent, session, teamId, apiKeyId, changed);
    }
}
