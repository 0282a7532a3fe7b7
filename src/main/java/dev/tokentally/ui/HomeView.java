package dev.tokentally.ui;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.base.ui.Live;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.budgets.BudgetAlertHistory;
import dev.tokentally.budgets.BudgetStatus;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSummary;
import dev.tokentally.invoicing.BillingWallets;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.LiveWallets;
import dev.tokentally.models.SpendGate;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.providersync.SyncRuns;
import dev.tokentally.usage.LiveUsageBroadcaster;
import dev.tokentally.usage.OrganizationTotals;
import dev.tokentally.usage.TopEntry;
import dev.tokentally.usage.UsageSummary;
import jakarta.annotation.security.PermitAll;

/**
 * Where everyone lands: where they stand. A member sees their own spend, budgets and threads; an org admin
 * the organization's month against the last, its forecast, budgets at risk, alerts and top spenders; a
 * platform admin every organization and the health of provider sync. Each figure links to the view that
 * explains it, and the figures move by server push as usage is recorded.
 */
@Route("")
@PageTitle("Home")
@Menu(order = 0, icon = "vaadin:home", title = "Home")
@PermitAll
public class HomeView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateText.DATE_TIME;

    private final HomeFigures figures;
    private final BillingWallets wallets;
    private final SetupChecklist setup;
    private final SignedInUser me;
    private final Div content = new Div();
    /** Times are shown in the organization's time zone, a platform admin's in UTC. */
    private final ZoneId zone;

    HomeView(HomeFigures figures, SetupChecklist setup, CurrentUser currentUser, OrganizationService organizations,
             LiveUsageBroadcaster broadcaster, BillingWallets wallets, LiveWallets liveWallets) {
        this.figures = figures;
        this.setup = setup;
        this.wallets = wallets;
        this.me = currentUser.require();
        Optional<Organization> organization = organizations.current();
        this.zone = organization.map(shown -> ZoneId.of(shown.getTimeZone())).orElse(ZoneOffset.UTC);
        content.setWidthFull();
        add(new H2("Welcome, " + me.displayName()), content);
        organization.ifPresent(shown -> add(organizationFacts(shown)));
        refresh();
        Live.refreshWhileAttached(this, onChange -> me.role() == Role.PLATFORM_ADMIN
                ? broadcaster.subscribeAll(onChange)::cancel
                : liveWallets.subscribe(me.organizationId(), onChange)::cancel, this::refresh);
    }

    void refresh() {
        content.removeAll();
        switch (me.role()) {
            case MEMBER -> showMember(figures.member(me));
            case ORG_ADMIN -> {
                showSetup(setup.open(me.organizationId()));
                showOrganization(figures.organization(me.organizationId()));
            }
            case PLATFORM_ADMIN -> showPlatform(figures.platform());
        }
        if (me.organizationId() != null) {
            showWallet(wallets.summary(me.organizationId()));
        }
    }

    /** A prepaid or mixed organization's balance, first: what everyone there spends from. */
    private void showWallet(WalletSummary wallet) {
        if (wallet.settings().mode() == WalletMode.POSTPAID) {
            return;
        }
        Component balance = card("Credit balance", "wallet-balance", MoneyText.format(wallet.balance()),
                BillingWallets.runsOut(wallet), me.role() == Role.ORG_ADMIN ? "billing" : "chat");
        content.addComponentAsFirst(row(balance));
    }

    private void showMember(HomeFigures.MemberFigures mine) {
        content.add(row(card("Your spend today", "today-cost", MoneyText.format(mine.today().cost()),
                        mine.today().requests() + " requests", "dashboard"),
                card("Your spend this month", "month-cost", MoneyText.format(mine.month().cost()),
                        String.format("%,d tokens", mine.month().totalTokens()), "dashboard"),
                card("Your budgets leave", "allowance", mine.allowance().map(HomeView::allowance).orElse("No budget limits you"), "", "chat")));
        content.add(new H3("Your recent chats"));
        if (mine.threads().isEmpty()) {
            content.add(empty("threads-empty", "No chats yet. Start one under Chat: every answer shows what it cost."));
        } else {
            UnorderedList list = new UnorderedList();
            list.setId("recent-threads");
            mine.threads().forEach(thread -> list.add(new ListItem(new Anchor("chat/" + thread.id(), thread.title()),
                    secondary(" · " + WHEN.format(thread.updatedAt().atZone(zone))))));
            content.add(list);
        }
    }

    /** A new organization's first steps, each ticked from the data, until all are done or an admin closes the list. */
    private void showSetup(List<SetupChecklist.Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        UnorderedList list = new UnorderedList();
        list.addClassNames(LumoUtility.ListStyleType.NONE, LumoUtility.Padding.NONE, LumoUtility.Margin.NONE);
        for (SetupChecklist.Step step : steps) {
            Icon mark = (step.done() ? VaadinIcon.CHECK_CIRCLE : VaadinIcon.CIRCLE_THIN).create();
            mark.setSize("var(--lumo-icon-size-s)");
            mark.setColor(step.done() ? "var(--lumo-success-color)" : "var(--lumo-contrast-50pct)");
            mark.getElement().setAttribute("aria-label", step.done() ? "done" : "to do");
            ListItem item = new ListItem(mark, new Anchor(step.route(), step.title()), secondary(" · " + step.hint()));
            item.setId("setup-" + step.id());
            item.getElement().setAttribute("data-done", String.valueOf(step.done()));
            item.addClassNames(LumoUtility.Display.FLEX, LumoUtility.Gap.SMALL, LumoUtility.AlignItems.CENTER);
            list.add(item);
        }
        Button dismiss = new Button("Dismiss", click -> {
            setup.dismiss(me.organizationId());
            refresh();
        });
        dismiss.setId("setup-dismiss");
        dismiss.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        long done = steps.stream().filter(SetupChecklist.Step::done).count();
        H3 title = new H3("Set up your organization (" + done + " of " + steps.size() + " done)");
        title.addClassNames(LumoUtility.Margin.NONE);
        Div box = new Div(new HorizontalLayout(title, dismiss), list);
        box.setId("setup-checklist");
        box.setMaxWidth("48rem");
        box.addClassNames(LumoUtility.Padding.MEDIUM, LumoUtility.Margin.Bottom.MEDIUM, LumoUtility.Background.CONTRAST_5,
                LumoUtility.BorderRadius.LARGE);
        content.add(box);
    }

    private void showOrganization(HomeFigures.OrganizationFigures organization) {
        UsageSummary month = organization.month();
        content.add(row(card("Today", "today-cost", MoneyText.format(organization.today().cost()),
                        organization.today().requests() + " requests", "dashboard"),
                card("Month to date", "month-cost", MoneyText.format(month.cost()),
                        "last month by this day: " + MoneyText.format(organization.lastMonthSoFar().rounded()), "dashboard"),
                lastMonth(organization.lastMonth(), organization.lastMonthInvoice()),
                card("Forecast to month end", "forecast", organization.forecast() == null ? "—"
                        : MoneyText.format(organization.forecast().rounded()), "at this month's rate so far", "usage")));
        if (month.unpricedEvents() > 0) {
            Anchor unpriced = new Anchor("pricing", month.unpricedEvents() + " events this month have no price yet: "
                    + "their cost is not in these figures.");
            unpriced.setId("unpriced");
            content.add(new Paragraph(unpriced));
        }
        if (month.requests() == 0) {
            content.add(empty("usage-empty", "No usage this month yet. Members chat under Chat; applications report "
                    + "to POST /api/v1/usage with an API key. The figures appear here as it happens."));
        }

        content.add(heading("Budgets at risk", "budgets"));
        if (organization.budgetsAtRisk().isEmpty()) {
            content.add(empty("budgets-empty", "No budget is near its limit."));
        } else {
            Grid<BudgetStatus> budgets = grid("budgets-at-risk");
            budgets.addColumn(status -> status.budget().getName()).setHeader("Budget");
            budgets.addColumn(status -> MoneyText.format(status.spent().rounded()) + " of " + MoneyText.format(status.limit()))
                    .setHeader("Spent");
            budgets.addColumn(status -> status.percent().stripTrailingZeros().toPlainString() + " %").setHeader("Used");
            budgets.addColumn(status -> status.projectedToExceedOn() == null ? "" : "runs out " + status.projectedToExceedOn())
                    .setHeader("Forecast");
            budgets.setItems(organization.budgetsAtRisk());
            content.add(budgets);
        }

        content.add(heading("Recent alerts", "alerts"));
        if (organization.alerts().isEmpty()) {
            content.add(empty("alerts-empty", "No budget alerts yet."));
        } else {
            Grid<BudgetAlertHistory.Entry> alerts = grid("recent-alerts");
            alerts.addColumn(BudgetAlertHistory.Entry::budget).setHeader("Budget");
            alerts.addColumn(BudgetAlertHistory.Entry::what).setHeader("Alert");
            alerts.addColumn(entry -> WHEN.format(entry.createdAt().atZone(zone))).setHeader("When");
            alerts.addColumn(entry -> entry.mail() == null ? "—" : entry.mail().sentAt() == null ? "in the outbox" : "sent")
                    .setHeader("Mail");
            alerts.setItems(organization.alerts());
            content.add(alerts);
        }

        FlexLayout tops = new FlexLayout(top("Top models this month", "top-models", "Model", organization.topModels()),
                top("Top members this month", "top-members", "Member", organization.topMembers()),
                top("Top teams this month", "top-teams", "Team", organization.topTeams()));
        tops.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        tops.addClassNames(LumoUtility.Gap.XLARGE);
        content.add(tops);
    }

    private void showPlatform(HomeFigures.PlatformFigures platform) {
        content.add(heading("Every organization", "organizations"));
        Grid<OrganizationTotals> organizations = grid("organization-spend");
        organizations.addColumn(OrganizationTotals::organization).setHeader("Organization");
        organizations.addColumn(usage -> MoneyText.format(usage.todayCost().rounded())).setHeader("Today");
        organizations.addColumn(usage -> MoneyText.format(usage.monthCost().rounded())).setHeader("Month to date");
        organizations.addColumn(usage -> String.format("%,d", usage.monthRequests())).setHeader("Requests this month");
        // Every organization, page by page as the grid scrolls: a platform can hold many.
        organizations.setAllRowsVisible(false);
        organizations.setHeight("24rem");
        organizations.setItems(query -> figures.organizations(query.getOffset(), query.getLimit()).stream());
        content.add(organizations);

        content.add(heading("Provider sync", "sync"));
        UnorderedList jobs = new UnorderedList();
        jobs.setId("sync-health");
        for (SyncRuns.JobStatus job : platform.jobs()) {
            SyncRuns.Run last = job.lastRun();
            jobs.add(new ListItem(job.job() + ": " + (!job.enabled() ? "paused" : last == null ? "not run yet"
                    : last.status().toLowerCase(Locale.ROOT) + " " + WHEN.format(last.startedAt().atZone(zone))
                    + " UTC" + (last.summary() == null ? "" : " (" + last.summary() + ")"))));
        }
        jobs.add(new ListItem(platform.syncAccounts() + (platform.syncAccounts() == 1 ? " provider account" : " provider accounts")));
        content.add(jobs);
        Anchor mismatches = new Anchor("reconciliation", platform.openMismatches() == 0 ? "Reconciliation: no open mismatches"
                : "Reconciliation: " + platform.openMismatches() + " open " + (platform.openMismatches() == 1 ? "mismatch" : "mismatches"));
        mismatches.setId("open-mismatches");
        content.add(new Paragraph(mismatches));
    }

    private static String allowance(SpendGate.Allowance allowance) {
        return MoneyText.format(allowance.left()) + " left of " + allowance.budgetName() + " (" + allowance.daysLeft()
                + (allowance.daysLeft() == 1 ? " day" : " days") + " to go)";
    }

    private static Component top(String title, String id, String what, List<TopEntry> entries) {
        Div box = new Div(heading(title, "dashboard"));
        if (entries.isEmpty()) {
            box.add(empty(id + "-empty", "Nothing this month yet."));
            return box;
        }
        Grid<TopEntry> grid = grid(id);
        grid.addColumn(TopEntry::label).setHeader(what).setFlexGrow(3);
        grid.addColumn(entry -> String.format("%,d", entry.totalTokens())).setHeader("Tokens");
        grid.addColumn(entry -> MoneyText.format(entry.cost().rounded())).setHeader("Cost");
        grid.setItems(entries);
        grid.setWidth("36rem");
        grid.setMaxWidth("calc(100vw - 3rem)");
        box.add(grid);
        return box;
    }

    private static <T> Grid<T> grid(String id) {
        Grid<T> grid = new Grid<>();
        grid.setId(id);
        grid.setAllRowsVisible(true);
        // Columns are added after this; by the time the grid is shown they all share its width, down to a phone's.
        grid.addAttachListener(attach -> GridFit.wrapAll(grid));
        return grid;
    }

    private static Component heading(String title, String route) {
        H3 heading = new H3(new Anchor(route, title));
        heading.addClassNames(LumoUtility.Margin.Top.LARGE);
        return heading;
    }

    private static Component card(String label, String id, String value, String note, String route) {
        Span caption = new Span(label);
        caption.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        Span figure = new Span(value);
        figure.setId(id);
        Span explained = secondary(note);
        explained.setId(id + "-note");
        figure.addClassNames(LumoUtility.FontSize.XLARGE, LumoUtility.FontWeight.SEMIBOLD);
        Anchor link = new Anchor(route, new Div(caption), new Div(figure), new Div(explained));
        link.addClassNames(LumoUtility.Padding.MEDIUM, LumoUtility.Background.CONTRAST_5, LumoUtility.BorderRadius.LARGE,
                LumoUtility.TextColor.BODY, LumoUtility.Display.BLOCK);
        link.setMinWidth("13rem");
        return link;
    }

    /**
     * Last month's invoice, issued or drafted (its subtotal: lines rounded one by one, before tax, the figure the
     * invoice shows), else the usage so far; each says which it is, as the two differ by the rounding of the lines.
     */
    private static Component lastMonth(Money usage, Invoice invoice) {
        if (invoice == null) {
            return card("Last month", "last-month-cost", MoneyText.format(usage.rounded()), "usage, net of tax, not invoiced yet",
                    "invoices");
        }
        Invoice.Amounts amounts = invoice.amounts();
        return card("Last month", "last-month-cost", MoneyText.format(new Money(amounts.subtotal(), amounts.currency())),
                invoice.number() == null ? "draft invoice, net of tax" : "invoiced, net of tax · " + invoice.number(), "invoices");
    }

    private static Component row(Component... cards) {
        FlexLayout row = new FlexLayout(cards);
        row.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        row.addClassNames(LumoUtility.Gap.MEDIUM);
        return row;
    }

    private static Span secondary(String text) {
        Span span = new Span(text);
        span.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        return span;
    }

    private static Paragraph empty(String id, String text) {
        Paragraph paragraph = new Paragraph(text);
        paragraph.setId(id);
        return paragraph;
    }

    private static Component organizationFacts(Organization organization) {
        Div facts = new Div(fact("Organization", organization.getName()), fact("Time zone", organization.getTimeZone()),
                fact("Billing currency", organization.getCurrency()),
                fact("Markup", organization.getMarkupPercent().stripTrailingZeros().toPlainString() + " %"));
        facts.setId("organization-facts");
        facts.setMaxWidth("48rem");
        facts.getStyle().set("grid-template-columns", "repeat(auto-fit, minmax(10rem, 1fr))");
        facts.addClassNames(LumoUtility.Display.GRID, LumoUtility.Gap.MEDIUM, LumoUtility.Padding.MEDIUM,
                LumoUtility.Margin.Top.XLARGE, LumoUtility.Background.CONTRAST_5, LumoUtility.BorderRadius.LARGE);
        return facts;
    }

    private static Component fact(String label, String value) {
        Span shown = new Span(value);
        shown.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        return new Div(secondary(label), new Div(shown));
    }
}
