package dev.tokentally.reporting.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.Money;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.reporting.ChargebackCsv;
import dev.tokentally.reporting.ChargebackPdf;
import dev.tokentally.reporting.ChargebackStatement;
import dev.tokentally.reporting.ChargebackStatements;
import dev.tokentally.reporting.ReportChoice;
import jakarta.annotation.security.RolesAllowed;

/**
 * A team's monthly chargeback statement, shown and downloaded as CSV or PDF: org admins pick any team of their
 * organization, team managers one of theirs. Reached from the invoices and the dashboard.
 */
@Route("chargeback")
@PageTitle("Chargeback")
@RolesAllowed({Roles.ORG_ADMIN, Roles.MEMBER})
public class ChargebackView extends VerticalLayout {

    static final int MONTHS = 13;

    final Select<ReportChoice> team = new Select<>();
    final Select<YearMonth> month = new Select<>();
    final Grid<ChargebackStatement.Line> lines = new Grid<>();
    /** Shown when a parent team's statement has lines of its sub-teams. */
    private final Grid.Column<ChargebackStatement.Line> teamColumn = lines.addColumn(ChargebackStatement.Line::team)
            .setHeader("Team").setAutoWidth(true);
    final Span total = new Span();
    final Paragraph unpriced = new Paragraph();
    final Anchor csv = new Anchor();
    final Anchor pdf = new Anchor();

    private final ChargebackStatements statements;
    private ChargebackStatement shown;

    ChargebackView(ChargebackStatements statements, OrganizationService organizations, CurrentUser currentUser, Clock clock) {
        this.statements = statements;
        List<ReportChoice> teams = statements.teams();
        if (teams.isEmpty()) {
            add(new Paragraph("Chargeback statements are for org admins and team managers; you manage no team."));
            return;
        }
        YearMonth current = YearMonth.from(clock.instant().atZone(organizations.locale(currentUser.require().organizationId()).zone()));
        team.setLabel("Team");
        team.setItems(teams);
        team.setItemLabelGenerator(ReportChoice::label);
        team.setValue(teams.getFirst());
        month.setLabel("Month");
        month.setItems(Stream.iterate(current, m -> m.minusMonths(1)).limit(MONTHS).toList());
        month.setItemLabelGenerator(m -> m.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + m.getYear());
        month.setValue(current.minusMonths(1));
        team.addValueChangeListener(change -> refresh());
        month.addValueChangeListener(change -> refresh());

        csv.setText("Download CSV");
        csv.setHref(download(statement -> ChargebackCsv.write(statement).getBytes(StandardCharsets.UTF_8), "text/csv", ".csv"));
        pdf.setText("Download PDF");
        pdf.setHref(download(ChargebackPdf::render, "application/pdf", ".pdf"));
        for (Anchor anchor : List.of(csv, pdf)) {
            anchor.getElement().setAttribute("download", true);
        }

        lines.addColumn(ChargebackStatement.Line::model).setHeader("Model").setAutoWidth(true);
        lines.addColumn(ChargebackStatement.Line::member).setHeader("Member").setAutoWidth(true);
        lines.addColumn(line -> String.format("%,d", line.requests())).setHeader("Requests").setAutoWidth(true);
        lines.addColumn(line -> String.format("%,d", line.tokens())).setHeader("Tokens").setAutoWidth(true);
        lines.addColumn(line -> MoneyText.format(new Money(line.amount(), shown.currency()))).setHeader("Amount").setAutoWidth(true);
        lines.setAllRowsVisible(true);
        lines.setEmptyStateText("The team has no usage in this month.");
        total.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD);

        HorizontalLayout controls = new HorizontalLayout(team, month, csv, pdf);
        controls.setAlignItems(FlexComponent.Alignment.BASELINE);
        controls.setWrap(true);
        add(controls, lines, total, unpriced);
        refresh();
    }

    private void refresh() {
        if (team.isEmpty() || month.isEmpty()) {
            return;
        }
        shown = statements.statement(team.getValue().code(), month.getValue());
        lines.setItems(shown.lines());
        teamColumn.setVisible(shown.spansSubTeams());
        total.setText("Total " + MoneyText.format(new Money(shown.total(), shown.currency())));
        unpriced.setText(shown.unpricedEvents() == 0 ? ""
                : shown.unpricedEvents() + " events of the month have no price yet: they are not charged here.");
    }

    /** The statement on the screen, as the user downloads it (computed again, so it is as of the download). */
    private DownloadHandler download(Function<ChargebackStatement, byte[]> render, String type, String suffix) {
        return DownloadHandler.fromInputStream(event -> {
            ChargebackStatement statement = statements.statement(shown.teamSlug(), shown.month());
            byte[] bytes = render.apply(statement);
            return new DownloadResponse(new ByteArrayInputStream(bytes), statement.fileName() + suffix, type, bytes.length);
        });
    }
}
