package dev.tokentally.reporting;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.LineRounding;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.organizations.BillingDetails;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.usage.EventFilter;
import dev.tokentally.usage.TagTotals;
import dev.tokentally.usage.TopEntry;
import dev.tokentally.usage.UsageLine;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monthly chargeback statements per team (a parent team's with its sub-teams' lines), from the daily rollups: for org admins (any team of their organization),
 * a team's managers (their teams) and API keys (their organization's teams, or their own team only). A team the
 * asker may not see is as unknown as one that does not exist.
 */
@Service
@Transactional(readOnly = true)
public class ChargebackStatements {

    private final UsageReports reports;
    private final ReportScopes scopes;
    private final OrganizationService organizations;
    private final CurrentUser currentUser;
    private final TeamDirectory directory;
    private final TagTotals tagTotals;

    ChargebackStatements(UsageReports reports, ReportScopes scopes, OrganizationService organizations,
                         CurrentUser currentUser, TeamDirectory directory, TagTotals tagTotals) {
        this.tagTotals = tagTotals;
        this.directory = directory;
        this.reports = reports;
        this.scopes = scopes;
        this.organizations = organizations;
        this.currentUser = currentUser;
    }

    /** The teams the signed-in user may have statements of (none for members who manage none). */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public List<ReportChoice> teams() {
        return statementScope().map(scope -> reports.teams(scope).stream().filter(team -> team.id() != 0).toList())
                .orElse(List.of());
    }

    /** The signed-in user's statement of a team (by slug or name) for a month. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    public ChargebackStatement statement(String team, YearMonth month) {
        return statement(statementScope().orElseThrow(() -> new NotFoundException("No such team")), team, month);
    }

    /** A statement within the scope (an API key's): a team outside it is not found. */
    public ChargebackStatement statement(ReportScope scope, String team, YearMonth month) {
        return statement(scope, team, month, null);
    }

    /** A statement within the scope, its lines per value of {@code tagKey} (null: per model and member). */
    public ChargebackStatement statement(ReportScope scope, String team, YearMonth month, String tagKey) {
        ReportChoice found = reports.team(scope, team).orElseThrow(() -> new NotFoundException("No such team"));
        BillingDetails billing = organizations.billingDetails(scope.organizationId());
        int digits = LineRounding.digits(billing.currency());
        List<ChargebackStatement.Line> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        long unpriced = 0;
        ReportPeriod period = new ReportPeriod(month.atDay(1), month.atEndOfMonth());
        for (Team covered : withSubTeams(scope.organizationId(), found.id())) {
            if (tagKey != null) {
                EventFilter events = new EventFilter(period.from(), period.to(), null, null, null, null, false, covered.id(),
                        null, null);
                unpriced += tagTotals.unpriced(scope.organizationId(), events);
                for (TopEntry value : tagTotals.breakdown(scope.organizationId(), events, tagKey)) {
                    BigDecimal amount = LineRounding.amount(value.cost().amount(), digits);
                    lines.add(new ChargebackStatement.Line(covered.name(), null, null, value.requests(), value.totalTokens(),
                            value.cost().amount(), amount, value.label()));
                    total = total.add(amount);
                }
                continue;
            }
            for (UsageLine usage : reports.teamLines(scope.organizationId(), covered.id(), period)) {
                unpriced += usage.unpricedEvents();
                BigDecimal amount = LineRounding.amount(usage.cost(), digits);
                lines.add(new ChargebackStatement.Line(covered.name(), usage.model(), usage.member(), usage.requests(),
                        usage.totalTokens(), usage.cost().stripTrailingZeros(), amount, null));
                total = total.add(amount);
            }
        }
        return new ChargebackStatement(billing.name(), found.code(), found.label(), month, billing.currency(), lines,
                total.setScale(digits), unpriced, tagKey);
    }

    /** The team, then its sub-teams by name: a parent's statement covers them as its budget does. */
    private List<Team> withSubTeams(long organizationId, long teamId) {
        TeamDirectory.OrganizationTeams teams = directory.of(organizationId);
        return teams.withSubTeams(teamId).stream().map(teams.byId()::get)
                .sorted(Comparator.comparing((Team team) -> team.id() != teamId).thenComparing(Team::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** Org admins see every team, managers theirs; members who manage none, and platform admins, have no statements here. */
    private Optional<ReportScope> statementScope() {
        SignedInUser me = currentUser.require();
        if (me.organizationId() == null) {
            return Optional.empty();
        }
        ReportScope scope = scopes.of(me);
        return scope.userId() != null ? Optional.empty() : Optional.of(scope);
    }
}
