package dev.tokentally.usage;

import java.time.LocalDate;
import java.util.Set;

import dev.tokentally.base.CallTags;

/**
 * Which ledger events to list: days in the organization's time zone (both included) and optional user (email or
 * external id), model, agent, source, "unpriced only", team and API key (ids; 0 for none). {@code withinTeams},
 * when set, is who asks may see at most (a team manager's teams; 0 for no team); {@code tags}, the tags every event
 * listed carries. Empty strings match all.
 */
public record EventFilter(LocalDate from, LocalDate to, String user, String model, String agent, UsageSource source,
                          boolean unpricedOnly, Long team, Long apiKey, Set<Long> withinTeams, CallTags tags) {

    public EventFilter {
        withinTeams = withinTeams == null ? null : Set.copyOf(withinTeams);
        tags = tags == null ? CallTags.NONE : tags;
    }

    public EventFilter(LocalDate from, LocalDate to, String user, String model, String agent, UsageSource source,
                       boolean unpricedOnly, Long team, Long apiKey, Set<Long> withinTeams) {
        this(from, to, user, model, agent, source, unpricedOnly, team, apiKey, withinTeams, null);
    }

    public EventFilter(LocalDate from, LocalDate to, String user, String model, String agent, UsageSource source,
                       boolean unpricedOnly) {
        this(from, to, user, model, agent, source, unpricedOnly, null, null, null);
    }

    public static EventFilter between(LocalDate from, LocalDate to) {
        return new EventFilter(from, to, null, null, null, null, false);
    }

    public EventFilter withinTeams(Set<Long> teams) {
        return new EventFilter(from, to, user, model, agent, source, unpricedOnly, team, apiKey, teams, tags);
    }

    /** Only the events carrying all of {@code required} (none: any). */
    public EventFilter withTags(CallTags required) {
        return new EventFilter(from, to, user, model, agent, source, unpricedOnly, team, apiKey, withinTeams, required);
    }
}
