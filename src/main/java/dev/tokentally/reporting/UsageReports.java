package dev.tokentally.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.usage.Granularity;
import dev.tokentally.usage.PairEntry;
import dev.tokentally.usage.SeriesPoint;
import dev.tokentally.usage.TopEntry;
import dev.tokentally.usage.UsageEvents;
import dev.tokentally.usage.UsageLine;
import dev.tokentally.usage.UsageSummary;
import dev.tokentally.usage.UsageTotals;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reports over an organization's usage, within a {@link ReportScope}: the scope and the picked filters become a query
 * of the usage module's rollup read model ({@link UsageTotals}); only the session count reads the ledger, through
 * {@link UsageEvents}. Teams and keys are named by their owner, as they are now (not as an instance cached them). The caller has established the scope from who is asking.
 */
@Service
@Transactional(readOnly = true)
public class UsageReports {

    private final UsageTotals totals;
    private final UsageEvents events;
    private final OrganizationService organizations;
    private final TeamDirectory teams;
    private final ApiKeys apiKeys;

    UsageReports(UsageTotals totals, UsageEvents events, OrganizationService organizations, TeamDirectory teams,
                 ApiKeys apiKeys) {
        this.totals = totals;
        this.events = events;
        this.organizations = organizations;
        this.teams = teams;
        this.apiKeys = apiKeys;
    }

    public MetricsReport metrics(ReportScope scope, ReportPeriod period) {
        long organizationId = scope.organizationId();
        UsageTotals.Filter filter = filter(scope, SeriesFilter.none());
        UsageSummary summary = totals.summary(organizationId, filter, period.from(), period.to());
        long users = totals.users(organizationId, filter, period.from(), period.to());
        long sessions = events.sessions(organizationId, period.from(), period.to(), filter.teamIds(), scope.userId());
        return new MetricsReport(period, summary.cost().currency(), summary.requests(), summary.totalTokens(),
                summary.cost().amount(), users, sessions,
                breakdown(scope, period, GroupBy.USER), breakdown(scope, period, GroupBy.AGENT),
                breakdown(scope, period, GroupBy.MODEL), breakdown(scope, period, GroupBy.TEAM),
                breakdown(scope, period, GroupBy.API_KEY));
    }

    /** Every bucket of the period for every group that has usage in it, zeros included. */
    public List<SeriesPoint> costSeries(ReportScope scope, ReportPeriod period, Granularity granularity, GroupBy groupBy,
                                        SeriesFilter filter) {
        return totals.series(scope.organizationId(), filter(scope, filter), period.from(), period.to(), granularity,
                groupBy.dimension);
    }

    /** The scope's totals over the days, as the dashboard's figures show them. */
    public UsageSummary summary(ReportScope scope, SeriesFilter filter, ReportPeriod period) {
        return totals.summary(scope.organizationId(), filter(scope, filter), period.from(), period.to());
    }

    /** The biggest groups of the days by cost, then tokens; members by name. */
    public List<TopEntry> top(ReportScope scope, SeriesFilter filter, GroupBy groupBy, ReportPeriod period, int limit) {
        UsageTotals.Dimension dimension = groupBy == GroupBy.USER ? UsageTotals.Dimension.USER : groupBy.dimension;
        return totals.top(scope.organizationId(), filter(scope, filter), dimension, period.from(), period.to(), limit);
    }

    /**
     * The usage of the days by two dimensions at once (say team × model), within the scope; a member's own usage
     * cannot be split by member.
     */
    public List<PairEntry> pairs(ReportScope scope, SeriesFilter filter, ReportPeriod period, GroupBy first,
                                 GroupBy second) {
        if (first == GroupBy.NONE || second == GroupBy.NONE || first == second) {
            throw new IllegalArgumentException("a breakdown needs two different dimensions");
        }
        return totals.pairs(scope.organizationId(), filter(scope, filter), first.dimension, second.dimension,
                period.from(), period.to());
    }

    /** One team's usage by model and member over the period, for its chargeback statement; biggest model first. */
    public List<UsageLine> teamLines(long organizationId, long teamId, ReportPeriod period) {
        return totals.byModelAndMember(organizationId, filter(ReportScope.teams(organizationId, Set.of(teamId)),
                SeriesFilter.none()), period.from(), period.to());
    }

    /** The teams the scope may be filtered by, by name; "no team" (id 0) too when the scope is not restricted to teams. */
    public List<ReportChoice> teams(ReportScope scope) {
        List<ReportChoice> choices = new ArrayList<>(teamsOf(scope).stream()
                .sorted(Comparator.comparing(Team::name).thenComparing(Team::id))
                .map(team -> new ReportChoice(team.id(), team.slug(), team.name())).toList());
        if (scope.allTeams()) {
            choices.add(new ReportChoice(0, "none", "no team"));
        }
        return choices;
    }

    /** A team of the scope by slug (or else name); empty when there is none or it is outside the scope. */
    public Optional<ReportChoice> team(ReportScope scope, String slugOrName) {
        return teamsOf(scope).stream().filter(team -> team.slug().equals(slugOrName) || team.name().equals(slugOrName))
                .min(Comparator.comparing((Team team) -> !team.slug().equals(slugOrName)).thenComparing(Team::id))
                .map(team -> new ReportChoice(team.id(), team.slug(), team.name()));
    }

    /** The API keys that have usage within the scope, by name. */
    public List<ReportChoice> apiKeys(ReportScope scope) {
        Set<Long> used = totals.apiKeysWithUsage(scope.organizationId(), filter(scope, SeriesFilter.none()));
        return apiKeys.names(scope.organizationId()).entrySet().stream().filter(key -> used.contains(key.getKey()))
                .sorted(Map.Entry.<Long, String>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(key -> new ReportChoice(key.getKey(), String.valueOf(key.getKey()), key.getValue())).toList();
    }

    public String currencyOf(long organizationId) {
        return organizations.locale(organizationId).currency();
    }

    public LocalDate todayOf(long organizationId, Instant now) {
        return organizations.locale(organizationId).dayOf(now);
    }

    private List<Breakdown> breakdown(ReportScope scope, ReportPeriod period, GroupBy groupBy) {
        return totals.breakdown(scope.organizationId(), filter(scope, SeriesFilter.none()), groupBy.dimension,
                        period.from(), period.to()).stream()
                .map(entry -> new Breakdown(entry.label(), entry.requests(), entry.totalTokens(), entry.cost().amount()))
                .toList();
    }

    private List<Team> teamsOf(ReportScope scope) {
        return teams.all(scope.organizationId()).stream().filter(team -> scope.covers(team.id())).toList();
    }

    /** The scope and the picked narrowing as the rollups' filter. */
    static UsageTotals.Filter filter(ReportScope scope, SeriesFilter filter) {
        return new UsageTotals.Filter(scope.userId(), scope.allTeams() ? null : List.copyOf(scope.teams()), filter.model(),
                filter.user(), filter.agent(), filter.team(), filter.apiKey());
    }
}
