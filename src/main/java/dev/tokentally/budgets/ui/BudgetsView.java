package dev.tokentally.budgets.ui;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.TeamAccess;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.Roles;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.base.ui.Live;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.budgets.Budget;
import dev.tokentally.budgets.BudgetChannels;
import dev.tokentally.budgets.BudgetStatus;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.organizations.AgentDirectory;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.usage.LiveUsageBroadcaster;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;

/**
 * Org admins see each budget's period live (spent, reserved, days left, forecast) and manage them. A team manager
 * sees and manages only the budgets of the teams they see (theirs and their sub-teams); any other member is
 * turned away as from a view they may not open.
 */
@Route("budgets")
@PageTitle("Budgets")
@Menu(order = 3, icon = "vaadin:piggy-bank-coin", title = "Budgets")
@RolesAllowed({Roles.ORG_ADMIN, Roles.MEMBER})
public class BudgetsView extends VerticalLayout implements BeforeEnterObserver {


    final Grid<BudgetStatus> grid = new Grid<>();
    final Button create = new Button("New budget");

    private final Budgets budgets;
    private final BudgetChannels budgetChannels;
    private final long organizationId;
    private final TeamAccess.Visible visible;
    private final String currency;
    private final Map<Long, String> members = new LinkedHashMap<>();
    private final List<String> agentNames = new ArrayList<>();
    private final Map<Long, String> teamNames = new LinkedHashMap<>();
    private final Map<Long, String> keyNames = new LinkedHashMap<>();

    BudgetsView(Budgets budgets, BudgetChannels budgetChannels, LiveUsageBroadcaster broadcaster, CurrentUser currentUser, OrganizationService organizations,
                UserAccountService users, AgentDirectory agents, TeamDirectory teams, TeamAccess access, ApiKeys apiKeys) {
        this.budgets = budgets;
        this.budgetChannels = budgetChannels;
        this.organizationId = currentUser.require().organizationId();
        this.visible = access.visible(organizationId);
        this.currency = organizations.locale(organizationId).currency();
        teams.all(organizationId).stream().filter(team -> visible.allows(team.id()))
                .forEach(team -> teamNames.put(team.id(), team.name()));
        if (visible.all()) {
            for (UserAccount user : users.list(organizationId, "", PageRequest.of(0, 500))) {
                members.put(user.getId(), user.getDisplayName() + " <" + user.getEmail() + ">");
            }
            agentNames.addAll(agents.names(organizationId));
            apiKeys.list(organizationId).stream().filter(key -> key.revokedAt() == null)
                    .forEach(key -> keyNames.put(key.id(), key.name()));
        }

        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> edit(newBudget()));
        grid.addColumn(status -> status.budget().getName()).setHeader("Budget").setAutoWidth(true);
        Grid.Column<BudgetStatus> appliesTo = grid.addColumn(this::appliesTo).setHeader("Applies to");
        Grid.Column<BudgetStatus> period = grid.addColumn(status -> status.active()
                ? DateText.format(status.window().first()) + " – " + DateText.format(status.window().last())
                : "not running").setHeader("Period");
        Grid.Column<BudgetStatus> spent = grid.addComponentColumn(BudgetsView::progress).setHeader("Spent of limit");
        grid.addColumn(status -> status.active() ? String.valueOf(status.daysLeft()) : "").setHeader("Days left").setAutoWidth(true);
        Grid.Column<BudgetStatus> forecast = grid.addColumn(BudgetsView::forecast).setHeader("Forecast");
        grid.addColumn(status -> status.budget().getEnforcement() == Budget.Enforcement.HARD ? "Blocks" : "Alerts")
                .setHeader("At 100 %").setAutoWidth(true);
        GridFit.wrap(grid, appliesTo, period, spent, forecast);
        spent.setFlexGrow(2);
        grid.addItemClickListener(click -> edit(click.getItem().budget()));
        grid.setWidthFull();
        grid.setEmptyStateText("No budgets yet. A budget alerts by email as spend passes its thresholds and can block chat at 100 %.");
        add(new Paragraph((visible.all() ? "" : "The budgets of the teams you manage. ") + "Spend is the billed cost in " + currency + " in calendar periods of your organization's time zone; "
                + "it updates as usage is recorded. Click a budget to change or delete it."), create, grid);
        setSizeFull();
        Live.refreshWhileAttached(this, onChange -> broadcaster.subscribe(organizationId, onChange)::cancel, this::refresh);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (visible.none()) {
            event.rerouteToError(AccessDeniedException.class);
            return;
        }
        grid.setItems(query -> budgets.page(organizationId, VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
    }

    void refresh() {
        grid.getDataProvider().refreshAll();
    }

    private String appliesTo(BudgetStatus status) {
        Budget budget = status.budget();
        return switch (budget.getScope()) {
            case ORGANIZATION -> "Organization";
            case USER -> members.getOrDefault(budget.getUserId(), "member");
            case AGENT -> "Agent " + budget.getAgentName();
            case TEAM -> "Team " + teamNames.getOrDefault(budget.getTeamId(), "");
            case API_KEY -> "API key " + keyNames.getOrDefault(budget.getApiKeyId(), "");
            case TAG -> "Tag " + budget.getTag();
        };
    }

    private static Component progress(BudgetStatus status) {
        double ratio = Math.min(1.0, status.percent().doubleValue() / 100);
        ProgressBar bar = new ProgressBar(0, 1, ratio);
        if (status.percent().compareTo(BigDecimal.valueOf(100)) >= 0) {
            bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
        } else if (status.percent().compareTo(BigDecimal.valueOf(80)) >= 0) {
            bar.addThemeVariants(ProgressBarVariant.LUMO_CONTRAST);
        }
        Span text = new Span(MoneyText.format(status.spent().rounded()) + " of " + MoneyText.format(status.limit().rounded())
                + " (" + status.percent().stripTrailingZeros().toPlainString() + " %)"
                + (status.reserved().amount().signum() == 0 ? "" : ", " + MoneyText.format(status.reserved()) + " reserved"));
        text.addClassName("tt-budget-spent");
        if (status.reserved().amount().signum() != 0) {
            text.setTitle("Reserved: the most the calls under way may still cost, and what each gateway instance holds in"
                    + " advance (its lease) so that it can admit calls without asking the database; an idle lease is given back"
                    + " within a minute.");
        }
        return new Div(text, bar);
    }

    private static String forecast(BudgetStatus status) {
        if (!status.active()) {
            return "";
        }
        if (status.percent().compareTo(BigDecimal.valueOf(100)) >= 0) {
            return "Limit reached";
        }
        return status.projectedToExceedOn() == null ? "On track" : "Passes the limit on " + status.projectedToExceedOn();
    }

    private void edit(Budget budget) {
        Runnable delete = budget.getId() == null ? null : () -> {
            budgets.delete(organizationId, budget.getId());
            refresh();
        };
        BudgetDialog.Saver saver;
        BudgetDialog.Choices choices;
        Set<Long> chosen = Set.of();
        if (visible.all()) {
            choices = new BudgetDialog.Choices(List.of(Budget.Scope.values()), members, agentNames, teamNames, keyNames, true,
                    budgetChannels.available(organizationId));
            chosen = budget.getId() == null ? Set.of() : budgetChannels.chosen(organizationId, budget.getId());
            saver = (edited, channelIds) -> budgetChannels.save(organizationId, edited, channelIds);
        } else {
            // A manager keeps the alert channels an admin chose; the channels are the organization's to manage.
            choices = new BudgetDialog.Choices(List.of(Budget.Scope.TEAM), Map.of(), List.of(), teamNames, Map.of(), false,
                    List.of());
            saver = (edited, channelIds) -> budgets.save(organizationId, edited);
        }
        new BudgetDialog(budget, currency, choices, chosen, saver, this::refresh, delete).open();
    }

    private Budget newBudget() {
        Budget budget = new Budget();
        if (!visible.all()) {
            budget.setScope(Budget.Scope.TEAM);
            if (teamNames.size() == 1) {
                budget.setTeamId(teamNames.keySet().iterator().next());
            }
        }
        return budget;
    }
}
