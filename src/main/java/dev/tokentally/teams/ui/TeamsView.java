package dev.tokentally.teams.ui;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.accounts.TeamAccess;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.teams.Teams;
import dev.tokentally.usage.TopEntry;
import dev.tokentally.usage.UsageTotals;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;

/**
 * Org admins create, edit and delete teams and say who is in them, who manages them and whose default team
 * each is. A team manager sees only the teams they manage (and their sub-teams): members and their usage this
 * month. {@code ?team=id} opens one team; another team's id shows nothing of it.
 */
@Route("teams")
@PageTitle("Teams")
@Menu(order = 19, icon = "vaadin:group", title = "Teams")
@RolesAllowed({Roles.ORG_ADMIN, Roles.MEMBER})
public class TeamsView extends VerticalLayout implements BeforeEnterObserver {

    final Grid<Team> grid = new Grid<>();
    final Button create = new Button("New team");
    final Paragraph none = new Paragraph("You manage no team. An organization admin can make you a team's manager.");
    final H3 selectedName = new H3();
    final Grid<Teams.Member> members = new Grid<>();
    final Grid<TopEntry> usage = new Grid<>();
    final ComboBox<UserAccount> newMember = new ComboBox<>("Add member");
    final Checkbox asManager = new Checkbox("Manager");
    final Button add = new Button("Add");
    final VerticalLayout details = new VerticalLayout();

    private final Teams teams;
    private final TeamAccess access;
    private final TeamDirectory directory;
    private final UsageTotals totals;
    private final long organizationId;
    private final boolean admin;
    private final Clock clock;
    private final java.time.ZoneId zone;
    private Team selected;

    TeamsView(Teams teams, TeamAccess access, TeamDirectory directory, UsageTotals totals, CurrentUser currentUser,
              UserAccountService users, OrganizationService organizations, Clock clock) {
        this.teams = teams;
        this.access = access;
        this.directory = directory;
        this.totals = totals;
        this.clock = clock;
        SignedInUser me = currentUser.require();
        this.organizationId = me.organizationId();
        this.admin = access.visible(organizationId).all();
        this.zone = organizations.locale(organizationId).zone();

        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> edit(null));
        create.setVisible(admin);
        grid.addColumn(Team::name).setHeader("Team").setAutoWidth(true);
        grid.addColumn(Team::slug).setHeader("Slug").setAutoWidth(true);
        grid.addColumn(this::parentName).setHeader("Parent").setAutoWidth(true);
        grid.addColumn(Team::description).setHeader("Description").setFlexGrow(1);
        if (admin) {
            grid.addComponentColumn(team -> new Button("Edit", click -> edit(team))).setAutoWidth(true).setFlexGrow(0);
        }
        grid.setEmptyStateText("No teams yet. Create one, put members in it, and their usage is charged to it.");
        grid.addItemClickListener(click -> select(click.getItem()));
        grid.setAllRowsVisible(true);

        members.addColumn(Teams.Member::displayName).setHeader("Member").setAutoWidth(true);
        members.addColumn(Teams.Member::email).setHeader("Email").setAutoWidth(true);
        members.addColumn(member -> member.manager() ? "Manager" : "Member").setHeader("Role").setAutoWidth(true);
        members.addColumn(member -> member.defaultTeam() ? "Default team" : "").setHeader("Default").setAutoWidth(true);
        if (admin) {
            members.addComponentColumn(this::memberActions).setAutoWidth(true);
        }
        members.setEmptyStateText("No members yet.");
        // A fixed height, so a large team's members are read page by page as they scroll.
        members.setHeight("20rem");
        usage.addColumn(TopEntry::label).setHeader("Member").setFlexGrow(1);
        usage.addColumn(TopEntry::requests).setHeader("Requests").setAutoWidth(true);
        usage.addColumn(TopEntry::totalTokens).setHeader("Tokens").setAutoWidth(true);
        usage.addColumn(entry -> MoneyText.format(entry.cost())).setHeader("Cost").setAutoWidth(true);
        usage.setEmptyStateText("No usage this month.");
        usage.setAllRowsVisible(true);

        newMember.setItems(admin ? users.list(organizationId, "", PageRequest.of(0, 500)) : List.of());
        newMember.setItemLabelGenerator(user -> user.getDisplayName() + " <" + user.getEmail() + ">");
        add.addClickListener(click -> addMember());
        HorizontalLayout adding = new HorizontalLayout(newMember, asManager, add);
        adding.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        adding.setVisible(admin);
        details.setPadding(false);
        details.add(selectedName, members, adding, new H3("Usage this month"), usage);
        details.setVisible(false);

        add(new Paragraph(admin ? "Teams are cost centers: each call is charged to the key's or agent's team, the team "
                + "its reporter names, or the member's default team. Click a team for its members and usage."
                : "The teams you manage: their members and what they spent this month."), none, create, grid, details);
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        refresh();
        none.setVisible(!admin && grid.getListDataView().getItemCount() == 0);
        List<String> asked = event.getLocation().getQueryParameters().getParameters().getOrDefault("team", List.of());
        if (!asked.isEmpty()) {
            visibleTeams().stream().filter(team -> String.valueOf(team.id()).equals(asked.getFirst())).findFirst()
                    .ifPresentOrElse(this::select, () -> Saving.showError("No such team"));
        }
    }

    private List<Team> visibleTeams() {
        return teams.visible(organizationId);
    }

    void refresh() {
        grid.setItems(visibleTeams());
        if (selected != null) {
            visibleTeams().stream().filter(team -> team.id() == selected.id()).findFirst()
                    .ifPresentOrElse(this::select, () -> {
                        selected = null;
                        details.setVisible(false);
                    });
        }
    }

    void select(Team team) {
        Team checked = access.require(team.id());
        selected = checked;
        selectedName.setText(checked.name());
        members.setItems(query -> teams.members(checked.id(), query.getOffset(), query.getLimit()).stream());
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        usage.setItems(totals.top(organizationId,
                new UsageTotals.Filter(null, null, directory.of(organizationId).withSubTeams(checked.id()), null),
                UsageTotals.Dimension.USER, today.withDayOfMonth(1), today, 100));
        details.setVisible(true);
    }

    private String parentName(Team team) {
        if (team.parentId() == null) {
            return "";
        }
        Map<Long, String> names = grid.getListDataView().getItems().collect(Collectors.toMap(Team::id, Team::name));
        return names.getOrDefault(team.parentId(), "");
    }

    void edit(Team team) {
        List<Team> all = visibleTeams();
        new TeamDialog(team, all,
                draft -> {
                    if (team == null) {
                        teams.create(organizationId, draft);
                    } else {
                        teams.update(team.id(), draft);
                    }
                },
                this::refresh,
                team == null ? null : () -> {
                    teams.delete(team.id());
                    refresh();
                }).open();
    }

    private void addMember() {
        if (selected == null || newMember.getValue() == null) {
            newMember.setErrorMessage("Choose a member");
            newMember.setInvalid(true);
            return;
        }
        try {
            teams.addMember(selected.id(), newMember.getValue().getId(), asManager.getValue());
        } catch (FieldRejectedException rejected) {
            Saving.showError(rejected.getMessage());
            return;
        }
        newMember.clear();
        newMember.setInvalid(false);
        asManager.clear();
        select(selected);
    }

    private HorizontalLayout memberActions(Teams.Member member) {
        Button manager = new Button(member.manager() ? "Make member" : "Make manager", click -> {
            teams.addMember(selected.id(), member.userId(), !member.manager());
            select(selected);
        });
        Button defaultTeam = new Button("Make default", click -> {
            teams.setDefaultTeam(member.userId(), selected.id());
            select(selected);
        });
        defaultTeam.setEnabled(!member.defaultTeam());
        Button remove = new Button("Remove", click -> {
            ConfirmDialog confirm = new ConfirmDialog("Remove " + member.displayName() + " from " + selected.name() + "?",
                    "Their calls are no longer charged to this team unless a key or agent says so.", "Remove",
                    confirmed -> {
                        teams.removeMember(selected.id(), member.userId());
                        select(selected);
                    });
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
        for (Button button : List.of(manager, defaultTeam, remove)) {
            button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        }
        return new HorizontalLayout(manager, defaultTeam, remove);
    }

    boolean showsTeam(long teamId) {
        return selected != null && Objects.equals(selected.id(), teamId);
    }
}
