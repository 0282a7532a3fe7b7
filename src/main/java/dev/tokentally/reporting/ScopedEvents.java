package dev.tokentally.reporting;

import java.util.Optional;

import dev.tokentally.accounts.MemberDirectory;
import dev.tokentally.base.CallTags;
import dev.tokentally.usage.EventFilter;
import org.springframework.stereotype.Component;

/** A report's scope, filter and period as a ledger filter, for the reports that read the ledger itself. */
@Component
class ScopedEvents {

    private final MemberDirectory members;

    ScopedEvents(MemberDirectory members) {
        this.members = members;
    }

    /**
     * A member's own events by their email, a manager's teams, only events carrying every {@code required} tag; empty
     * when the scope's member is not one of the organization (nothing of it may be read).
     */
    Optional<EventFilter> filter(ReportScope scope, SeriesFilter filter, ReportPeriod period, CallTags required) {
        String user = filter.user();
        if (scope.userId() != null) {
            MemberDirectory.Member member = members.of(scope.organizationId()).byId().get(scope.userId());
            if (member == null) {
                return Optional.empty();
            }
            user = member.email();
        }
        return Optional.of(new EventFilter(period.from(), period.to(), user, filter.model(), filter.agent(), null,
                false, filter.team(), filter.apiKey(), scope.teams(), required));
    }
}
