package dev.tokentally.reporting.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.Money;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateFields;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.reporting.ReportChoice;
import dev.tokentally.reporting.ReportScope;
import dev.tokentally.reporting.ReportScopes;
import dev.tokentally.reporting.UsageReports;
import dev.tokentally.usage.EventFilter;
import dev.tokentally.usage.UsageCsv;
import dev.tokentally.usage.UsageEvents;
import dev.tokentally.usage.UsageSource;
import jakarta.annotation.security.RolesAllowed;

/**
 * The ledger, event by event: org admins see their organization's, team managers their teams', other members
 * their own. Filters by day range, user, model, agent, team, API key, source and "unpriced" (team and key also as
 * URL parameters {@code ?team=<slug>&key=<id>}, never past what the user may see); the CSV export holds exactly
 * what is filtered.
 */
@Route("usage")
@PageTitle("Usage explorer")
@Menu(order = 2, icon = "vaadin:table", title = "Usage explorer")
@RolesAllowed({Roles.ORG_ADMIN, Roles.MEMBER})
public class UsageExplorerView extends VerticalLayout implements BeforeEnterObserver {

    static final int MAX_EXPORT_ROWS = 100_000;

    final DatePicker from = DateFields.iso(new DatePicker("From"));
    final DatePicker to = DateFields.iso(new DatePicker("To"));
    final TextField user = new TextField("User");
    final TextField model = new TextField("Model");
    final TextField agent = new TextField("Agent");
    final Select<UsageSource> source = new Select<>();
    final Select<ReportChoice> team = new Select<>();
    final Select<ReportChoice> apiKey = new Select<>();
    final Checkbox unpricedOnly = new Checkbox("Unpriced only");
    final Paragraph filterProblem = new Paragraph();
    final Grid<UsageEvents.Listed> grid = new Grid<>();

    private final UsageEvents events;
    private final UsageReports reports;
    private final ReportScope scope;
    private final long organizationId;
    private final String ownEmail;

    UsageExplorerView(UsageEvents events, UsageReports reports, ReportScopes scopes, CurrentUser currentUser,
                      OrganizationService organizations, Clock clock) {
        this.events = events;
        this.reports = reports;
        SignedInUser me = currentUser.require();
        this.scope = scopes.of(me);
        this.organizationId = scope.organizationId();
        this.ownEmail = scope.userId() != null ? me.email() : null;
        setSizeFull();

        // Today in the organization's time zone, where the ledger's days are counted.
        LocalDate today = reports.todayOf(organizationId, clock.instant());
        from.setValue(today.minusDays(29));
        to.setValue(today);
        source.setLabel("Source");
        source.setItems(UsageSource.values());
        source.setEmptySelectionAllowed(true);
        source.setEmptySelectionCaption("Any");
        for (TextField field : new TextField[] {user, model, agent}) {
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.setClearButtonVisible(true);
            field.addValueChangeListener(event -> refresh());
        }
        if (ownEmail != null) {
            user.setValue(ownEmail);
            user.setReadOnly(true);
        }
        ReportChoices.fill(team, "Team", scope.allTeams() ? "All teams" : "All your teams", reports.teams(scope));
        ReportChoices.fill(apiKey, "API key", "All keys", reports.apiKeys(scope));
        from.addValueChangeListener(event -> refresh());
        to.addValueChangeListener(event -> refresh());
        source.addValueChangeListener(event -> refresh());
        team.addValueChangeListener(event -> refresh());
        apiKey.addValueChangeListener(event -> refresh());
        unpricedOnly.addValueChangeListener(event -> refresh());

        ZoneId zone = organizations.currentZone();
        Grid.Column<?> occurredColumn = grid.addColumn(listed -> DateText.format(listed.event().occurredAt(), zone))
                .setHeader(DateText.header("Occurred", zone));
        // The columns that share the room wrap, and a long word that does not fit is cut: its tooltip shows it whole.
        Grid.Column<?> modelColumn = GridFit.text(grid, listed -> listed.event().provider() + "/" + listed.event().model()).setHeader("Model");
        Grid.Column<?> userColumn = GridFit.text(grid, listed -> listed.user() == null ? "" : listed.user()).setHeader("User");
        Grid.Column<?> agentColumn = GridFit.text(grid, listed -> listed.event().attribution().agent() == null ? "" : listed.event().attribution().agent()).setHeader("Agent");
        grid.addColumn(listed -> String.format("%,d", listed.event().tokens().input())).setHeader("Input").setAutoWidth(true);
        grid.addColumn(listed -> String.format("%,d", listed.event().tokens().output())).setHeader("Output").setAutoWidth(true);
        grid.addColumn(listed -> listed.event().cost().billedCost() == null ? "unpriced"
                : MoneyText.precise(new Money(listed.event().cost().billedCost(), listed.event().cost().billedCurrency())))
                .setHeader("Cost").setAutoWidth(true);
        Grid.Column<?> sourceColumn = grid.addColumn(listed -> listed.event().source().name()).setHeader("Source");
        Grid.Column<?> teamColumn = GridFit.text(grid, listed -> listed.teamName() == null ? "" : listed.teamName()).setHeader("Team");
        Grid.Column<?> keyColumn = GridFit.text(grid, listed -> listed.apiKeyName() == null ? "" : listed.apiKeyName()).setHeader("API key");
        GridFit.wrap(grid, modelColumn, userColumn, agentColumn, teamColumn, keyColumn, occurredColumn, sourceColumn);
        grid.setItems(query -> filter() == null ? java.util.stream.Stream.empty()
                : events.page(organizationId, filter(), query.getOffset(), query.getLimit()).stream());
        grid.setEmptyStateText("No usage matches these filters.");

        Anchor export = new Anchor(DownloadHandler.fromInputStream(download -> {
            byte[] csv = exportCsv().getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(csv), "tokentally-usage.csv", "text/csv", csv.length);
        }), "Export CSV");
        export.getElement().setAttribute("download", true);

        FlexLayout filters = new FlexLayout(from, to, user, model, agent, team, apiKey, source, unpricedOnly, export);
        filters.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.addClassNames(LumoUtility.Gap.MEDIUM);
        add(filters, filterProblem, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        filterProblem.setText(ReportChoices.pick(event, reports, scope, team, apiKey));
    }

    /** The filter as set; none (and so no rows) while a date is missing or the range is reversed. */
    EventFilter filter() {
        if (from.isEmpty() || to.isEmpty() || to.getValue().isBefore(from.getValue())) {
            return null;
        }
        return new EventFilter(from.getValue(), to.getValue(), ownEmail != null ? ownEmail : user.getValue(),
                model.getValue(), agent.getValue(), source.getValue(), unpricedOnly.getValue(),
                team.isEmpty() ? null : team.getValue().id(), apiKey.isEmpty() ? null : apiKey.getValue().id(), scope.teams());
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    /** What the grid shows, as CSV: the filtered events, at most {@value #MAX_EXPORT_ROWS}. */
    String exportCsv() {
        return UsageCsv.write(events.page(organizationId, filter(), 0, MAX_EXPORT_ROWS));
    }
}
