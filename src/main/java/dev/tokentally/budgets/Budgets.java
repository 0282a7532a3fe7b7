package dev.tokentally.budgets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.tokentally.accounts.TeamAccess;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.CallTags;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.TeamDirectory;
import jakarta.validation.Valid;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Org admins manage their organization's budgets; a team manager only the team budgets of the teams they see
 * (theirs and their sub-teams): any other budget is refused to them as if it did not exist. Members see what
 * their budgets leave them.
 */
@Service
@Validated
@Transactional
public class Budgets {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final BudgetRepository budgets;
    private final BudgetSpending ledger;
    private final UserAccountService users;
    private final TeamDirectory directory;
    private final TeamAccess access;
    private final AuditLog audit;
    private final ReferenceChanges changes;

    Budgets(BudgetRepository budgets, BudgetSpending ledger, UserAccountService users,
            TeamDirectory directory, TeamAccess access, AuditLog audit, ReferenceChanges changes) {
        this.changes = changes;
        this.directory = directory;
        this.access = access;
        this.budgets = budgets;
        this.ledger = ledger;
        this.users = users;
        this.audit = audit;
    }

    /** The budgets the signed-in user manages: all of the organization's for an admin, a manager's team budgets. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<BudgetStatus> list(long organizationId) {
        return page(organizationId, Pageable.unpaged());
    }

    /** One page of {@link #list}, by name. */
    @PreAuthorize(Roles.IS_SIGNED_IN)
    @Transactional(readOnly = true)
    public List<BudgetStatus> page(long organizationId, Pageable page) {
        TeamAccess.Visible visible = managing(organizationId);
        List<Budget> managed = visible.all() ? budgets.findByOrganizationIdOrderByNameAscIdAsc(organizationId, page)
                : budgets.findByOrganizationIdAndScopeAndTeamIdInOrderByNameAscIdAsc(organizationId, Budget.Scope.TEAM,
                        visible.teamIds(), page);
        return managed.stream().map(ledger::status).toList();
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    public Budget save(long organizationId, @Valid Budget budget) {
        TeamAccess.Visible visible = managing(organizationId);
        if (budget.getId() != null && budgets.findByIdAndOrganizationId(budget.getId(), organizationId)
                .filter(stored -> manages(visible, stored)).isEmpty() || !manages(visible, budget)) {
            throw new NotFoundException("No such budget");
        }
        check(organizationId, budget);
        budget.setOrganizationId(organizationId);
        budget.setName(budget.getName().trim());
        budget.setThresholds(String.join(",", budget.thresholdList().stream().map(String::valueOf).toList()));
        boolean created = budget.getId() == null;
        Budget saved = budgets.save(budget);
        changes.changed("budget"); // the used-up budgets the gate remembers, at once here (other instances: by V48's trigger)
        audit.record("budget", saved.getId(), created ? "create" : "update", null, describe(saved));
        return saved;
    }

    @PreAuthorize(Roles.IS_SIGNED_IN)
    public void delete(long organizationId, long budgetId) {
        TeamAccess.Visible visible = managing(organizationId);
        Budget budget = budgets.findByIdAndOrganizationId(budgetId, organizationId).filter(stored -> manages(visible, stored))
                .orElseThrow(() -> new NotFoundException("No such budget"));
        audit.record("budget", budgetId, "delete", describe(budget), null);
        budgets.delete(budget);
        changes.changed("budget");
    }

    /** The teams the user sees; a member who manages none is refused as before teams existed. */
    private TeamAccess.Visible managing(long organizationId) {
        TeamAccess.Visible visible = access.visible(organizationId);
        if (visible.none()) {
            throw new AccessDeniedException("Budgets are managed by org admins and team managers");
        }
        return visible;
    }

    private static boolean manages(TeamAccess.Visible visible, Budget budget) {
        return visible.all() || budget.getScope() == Budget.Scope.TEAM && budget.getTeamId() != null
                && visible.allows(budget.getTeamId());
    }

    private void check(long organizationId, Budget budget) {
        List<Integer> thresholds = budget.thresholdList();
        for (int i = 0; i < thresholds.size(); i++) {
            int threshold = thresholds.get(i);
            if (threshold < 1 || threshold > 1000) {
                throw new FieldRejectedException("thresholds", "Each threshold is between 1 and 1000 %");
            }
            if (i > 0 && threshold <= thresholds.get(i - 1)) {
                throw new FieldRejectedException("thresholds", "Thresholds must increase, such as 50, 80, 100");
            }
        }
        if (budget.getPeriod() == Budget.Period.CUSTOM) {
            if (budget.getStartsOn() == null) {
                throw new FieldRejectedException("startsOn", "A custom period needs a first day");
            }
            if (budget.getEndsOn() == null) {
                throw new FieldRejectedException("endsOn", "A custom period needs a last day");
            }
            if (budget.getEndsOn().isBefore(budget.getStartsOn())) {
                throw new FieldRejectedException("endsOn", "The last day cannot be before the first");
            }
        } else {
            budget.setStartsOn(null);
            budget.setEndsOn(null);
        }
        Budget.Scope scope = budget.getScope();
        if (scope != Budget.Scope.USER) {
            budget.setUserId(null);
        }
        if (scope != Budget.Scope.AGENT) {
            budget.setAgentName(null);
        }
        if (scope != Budget.Scope.TEAM) {
            budget.setTeamId(null);
        }
        if (scope != Budget.Scope.API_KEY) {
            budget.setApiKeyId(null);
        }
        if (scope != Budget.Scope.TAG) {
            budget.setTag(null);
        }
        TeamDirectory.OrganizationTeams teams = directory.knowing(organizationId,
                Collections.singletonList(budget.getApiKeyId()), Collections.singletonList(budget.getTeamId()));
        switch (scope) {
            case ORGANIZATION -> {
            }
            case USER -> {
                if (budget.getUserId() == null || !users.memberOf(organizationId, budget.getUserId())) {
                    throw new FieldRejectedException("userId", "Choose a member of the organization");
                }
            }
            case AGENT -> {
                if (budget.getAgentName() == null || budget.getAgentName().isBlank()) {
                    throw new FieldRejectedException("agentName", "Name the agent");
                }
                budget.setAgentName(budget.getAgentName().trim());
            }
            case TEAM -> directory.requireTeam(organizationId, budget.getTeamId(), "teamId");
            case API_KEY -> {
                if (budget.getApiKeyId() == null || !teams.keyTeams().containsKey(budget.getApiKeyId())) {
                    throw new FieldRejectedException("apiKeyId", "Choose an API key of the organization");
                }
            }
            case TAG -> {
                if (budget.getTag() == null) {
                    throw new FieldRejectedException("tag", "Name the tag as key=value, such as project=atlas");
                }
                try {
                    Map.Entry<String, String> tag = CallTags.pair(budget.getTag());
                    budget.setTag(tag.getKey() + "=" + tag.getValue());
                } catch (CallTags.InvalidTagsException invalid) {
                    throw new FieldRejectedException("tag", invalid.getMessage());
                }
            }
        }
        List<String> invalid = new ArrayList<>();
        for (String address : budget.extraRecipientList()) {
            if (!EMAIL.matcher(address).matches()) {
                invalid.add(address);
            }
        }
        if (!invalid.isEmpty()) {
            throw new FieldRejectedException("extraRecipients", "Not an email address: " + String.join(", ", invalid));
        }
        budget.setExtraRecipients(String.join(", ", budget.extraRecipientList()));
    }

    private static String describe(Budget budget) {
        return budget.getName() + ": " + budget.getAmount().stripTrailingZeros().toPlainString() + " "
                + budget.getPeriod().name().toLowerCase() + ", " + budget.getScope().name().toLowerCase() + ", "
                + budget.getEnforcement().name().toLowerCase() + ", thresholds " + budget.getThresholds();
    }
}
