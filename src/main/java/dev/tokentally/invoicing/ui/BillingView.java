package dev.tokentally.invoicing.ui;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.Money;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.credits.Grant;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.TeamWalletSummary;
import dev.tokentally.credits.WalletEntry;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSummary;
import dev.tokentally.invoicing.BillingWallets;
import dev.tokentally.invoicing.LiveWallets;
import dev.tokentally.invoicing.TopUps;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationLocale;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.Team;
import dev.tokentally.usage.LiveUsageBroadcaster;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;

/**
 * An organization's wallet: balance, burn rate and how long it lasts, its grants and transactions, top-up and alert
 * settings, buying credits; live as the balance moves. Org admins see their own organization; a platform admin picks
 * one and may also give it free credits. Admins pick the organization's wallet or a team's (a team with credit of its
 * own) and give a team credit.
 */
@Route("billing")
@PageTitle("Billing")
@Menu(order = 34, icon = "vaadin:wallet", title = "Billing")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN})
public class BillingView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
            .withLocale(Locale.UK);

    final ComboBox<Organization> organization = new ComboBox<>("Organization");
    final Span mode = new Span();
    final Span balance = new Span();
    final Span reserved = new Span();
    final Span burn = new Span();
    final Span daysLeft = new Span();
    final Paragraph postpaid = new Paragraph();
    final Div pendingTopUp = new Div();
    final Button buyCredits = new Button("Buy credits");
    final Button grantFree = new Button("Grant free credits");
    final ComboBox<WalletChoice> walletOf = new ComboBox<>("Wallet");
    final Button teamCredit = new Button("Credit for a team");
    final Grid<Grant> grants = new Grid<>();
    final Grid<WalletEntry> transactions = new Grid<>();

    private final BillingWallets wallets;
    private final TopUps topUps;
    private final OrganizationService organizations;
    private final Clock clock;
    private final Div wallet = new Div();
    private WalletSettingsForm settings;
    private final LiveWallets live;
    private Long shown;
    /** The team whose wallet is shown, null for the organization's. */
    private Long team;
    /** True while the picker's items are replaced (which clears its value): not a choice. */
    private boolean listing;
    private OrganizationLocale locale;
    private UI ui;
    private LiveUsageBroadcaster.Subscription subscription;

    /** An entry of the wallet picker: the organization's wallet (no team) or a team's. */
    record WalletChoice(Long teamId, String label) {
        static final WalletChoice ORGANIZATION = new WalletChoice(null, "Organization");
    }

    BillingView(BillingWallets wallets, TopUps topUps, OrganizationService organizations, CurrentUser currentUser,
                LiveWallets live, Clock clock) {
        this.wallets = wallets;
        this.topUps = topUps;
        this.organizations = organizations;
        this.clock = clock;
        this.live = live;
        SignedInUser me = currentUser.require();
        setMaxWidth("72rem");

        organization.setVisible(me.isPlatformAdmin());
        organization.setItemLabelGenerator(Organization::getName);
        organization.setPlaceholder("Choose an organization");
        organization.setWidth("20rem");
        if (me.isPlatformAdmin()) {
            organization.setItems(organizations.list("", PageRequest.of(0, 1000)));
            organization.addValueChangeListener(change -> show(change.getValue() == null ? null : change.getValue().getId()));
        }
        grantFree.setVisible(me.isPlatformAdmin());
        buyCredits.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        buyCredits.addClickListener(click -> new BuyCreditsDialog(shown, locale.currency(), topUps, this::refresh).open());
        grantFree.addClickListener(click -> new FreeCreditsDialog(shown, locale, locale.today(clock), wallets, this::granted).open());
        walletOf.setItemLabelGenerator(WalletChoice::label);
        walletOf.setWidth("20rem");
        walletOf.setVisible(false);
        walletOf.addValueChangeListener(change -> {
            Long chosen = change.getValue() == null ? null : change.getValue().teamId();
            if (!listing && !Objects.equals(chosen, team)) {
                showWallet(chosen);
            }
        });
        teamCredit.addClickListener(click -> {
            List<Team> teams = wallets.teams(shown);
            Team current = teams.stream().filter(each -> Long.valueOf(each.id()).equals(team)).findFirst().orElse(null);
            new TeamCreditDialog(shown, locale.currency(), teams, current, me.isPlatformAdmin(), wallets, this::teamCredited).open();
        });

        balance.setId("wallet-balance");
        balance.addClassNames(LumoUtility.FontSize.XXXLARGE, LumoUtility.FontWeight.SEMIBOLD);
        daysLeft.setId("wallet-days-left");
        postpaid.setId("wallet-postpaid");
        pendingTopUp.setId("pending-top-up");
        postpaid.setText("This organization is postpaid: its usage is invoiced after each month, and credits are not used. "
                + "Prepaid organizations buy credits first and usage spends them (held by the balance, topped up "
                + "automatically if you like); mixed spends credits first and invoices the rest. Switch the mode under "
                + "Settings below.");
        configureGrids();
        wallet.setWidthFull();
        FlexLayout pickers = new FlexLayout(organization, walletOf);
        pickers.addClassNames(LumoUtility.Gap.MEDIUM);
        pickers.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        add(pickers, wallet);
        addAttachListener(attach -> listen(attach.getUI()));
        addDetachListener(detach -> listen(null));
        show(me.isPlatformAdmin() ? null : me.organizationId());
    }

    /** Pushes a refresh to the page whenever the shown organization's balance changes; null stops listening. */
    private void listen(UI ui) {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
        this.ui = ui;
        if (ui != null && shown != null) {
            subscription = live.subscribe(shown, () -> ui.access(this::refresh));
        }
    }

    private void configureGrids() {
        grants.addColumn(grant -> grant.kind() == GrantKind.FREE ? "Free" : "Paid").setHeader("Kind")
                .setAutoWidth(true).setFlexGrow(0);
        grants.addColumn(grant -> MoneyText.format(grant.amount())).setHeader("Amount").setAutoWidth(true);
        grants.addColumn(grant -> MoneyText.format(grant.remaining())).setHeader("Remaining").setAutoWidth(true);
        grants.addColumn(grant -> grant.expiresAt() == null ? "Never" : when(grant.expiresAt())).setHeader("Expires")
                .setAutoWidth(true);
        grants.addColumn(Grant::priority).setHeader("Priority").setAutoWidth(true).setFlexGrow(0);
        grants.addColumn(grant -> Objects.toString(grant.note(), "")).setHeader("Note").setFlexGrow(1);
        grants.setId("wallet-grants");
        grants.setAllRowsVisible(true);
        grants.setEmptyStateText("No credits left: buy some, or wait for an automatic top-up.");

        transactions.addColumn(entry -> when(entry.occurredAt())).setHeader("When").setAutoWidth(true);
        transactions.addColumn(entry -> switch (entry.kind()) {
            case GRANT -> "Credits added";
            case CONSUMPTION -> "Usage";
            case EXPIRY -> "Credits expired";
            case TRANSFER -> entry.amount().amount().signum() < 0 ? "Moved to a team" : "Moved from the organization";
        }).setHeader("What").setAutoWidth(true);
        transactions.addColumn(entry -> MoneyText.precise(entry.amount())).setHeader("Amount").setAutoWidth(true);
        transactions.addColumn(entry -> MoneyText.precise(entry.balanceAfter())).setHeader("Balance after").setAutoWidth(true);
        transactions.setId("wallet-transactions");
        transactions.setHeight("24rem");
        transactions.setEmptyStateText("No wallet transactions yet.");
    }

    private void show(Long organizationId) {
        shown = organizationId;
        team = null;
        listen(ui);
        wallet.removeAll();
        walletOf.setVisible(organizationId != null);
        if (organizationId == null) {
            wallet.add(new Paragraph("Choose an organization to see its wallet."));
            return;
        }
        locale = organizations.locale(organizationId);
        choices();
        showWallet(null);
    }

    /** Lists the organization's wallet and its teams' in the picker, keeping the one shown. */
    private void choices() {
        List<WalletChoice> choices = new ArrayList<>();
        choices.add(WalletChoice.ORGANIZATION);
        wallets.teamWallets(shown).forEach(each -> choices.add(new WalletChoice(each.teamId(), "Team " + each.teamName())));
        listing = true;
        walletOf.setItems(choices);
        walletOf.setValue(choices.stream().filter(choice -> Objects.equals(choice.teamId(), team)).findFirst()
                .orElse(WalletChoice.ORGANIZATION));
        listing = false;
    }

    /** Shows the organization's wallet ({@code teamId} null) or the team's. */
    private void showWallet(Long teamId) {
        team = teamId;
        wallet.removeAll();
        if (teamId != null) {
            transactions.setItems(query -> wallets.teamEntries(shown, teamId, query.getOffset(), query.getLimit()).stream(),
                    query -> (int) Math.min(Integer.MAX_VALUE, wallets.teamEntryCount(shown, teamId)));
            wallet.add(teamFigures(), actions(teamCredit), new H3("Credits"), grants, new H3("Transactions"), transactions);
            refresh();
            return;
        }
        long organizationId = shown;
        settings = new WalletSettingsForm(locale.currency());
        settings.save.addClickListener(click -> saveSettings());
        settings.show(wallets.summary(organizationId).settings());
        transactions.setItems(query -> wallets.entries(organizationId, query.getOffset(), query.getLimit()).stream(),
                query -> (int) Math.min(Integer.MAX_VALUE, wallets.entryCount(organizationId)));
        wallet.add(figures(), postpaid, pendingTopUp, actions(buyCredits, grantFree, teamCredit), new H3("Credits"), grants,
                new H3("Transactions"), transactions, new H3("Settings"), settings);
        refresh();
    }

    void refresh() {
        if (shown == null) {
            return;
        }
        if (team != null) {
            TeamWalletSummary summary = wallets.teamSummary(shown, team);
            mode.setText("Team " + summary.teamName() + "'s own credit: its calls are held by it and use it first");
            balance.setText(MoneyText.format(summary.balance()));
            reserved.setText(MoneyText.format(summary.reserved()) + " held for calls under way");
            grants.setItems(summary.grants());
            transactions.getDataProvider().refreshAll();
            return;
        }
        WalletSummary summary = wallets.summary(shown);
        WalletMode current = summary.settings().mode();
        mode.setText(WalletSettingsForm.label(current));
        balance.setText(MoneyText.format(summary.balance()));
        // Usage burns fractions of a cent: the exact balance beside the rounded one shows it moving.
        String exact = MoneyText.precise(summary.balance());
        reserved.setText((exact.equals(MoneyText.format(summary.balance())) ? "" : "exactly " + exact + "; ")
                + MoneyText.format(summary.reserved()) + " held for calls under way");
        burn.setText(MoneyText.format(summary.burnPerDay()) + " a day (last 7 days)");
        daysLeft.setText(BillingWallets.runsOut(summary));
        postpaid.setVisible(current == WalletMode.POSTPAID);
        grants.setItems(summary.grants());
        transactions.getDataProvider().refreshAll();
        pendingTopUp.removeAll();
        topUps.pending(shown).ifPresent(invoice -> pendingTopUp.add(new Paragraph(new Span("Top-up invoice " + invoice.number()
                + " of " + MoneyText.format(new Money(invoice.amounts().total(), invoice.amounts().currency()))
                + " awaits payment; its credits are added once it is marked paid under "), new Anchor("invoices", "Invoices"))));
    }

    private void saveSettings() {
        settings.read().ifPresent(changed -> {
            try {
                wallets.configure(shown, changed);
            } catch (IllegalArgumentException refused) {
                Saving.showError(refused.getMessage());
                return;
            }
            Notification.show("Wallet settings saved");
            refresh();
        });
    }

    private void granted() {
        Notification.show("Free credits granted");
        refresh();
    }

    private void teamCredited(long teamId) {
        Notification.show("Team credit given");
        team = teamId;
        choices();
        showWallet(teamId);
    }

    private static Component actions(Component... buttons) {
        FlexLayout actions = new FlexLayout(buttons);
        actions.addClassNames(LumoUtility.Gap.MEDIUM);
        return actions;
    }

    private Component figures() {
        Div main = new Div(caption("Balance"), new Div(balance), new Div(secondary(mode)));
        Div rate = new Div(caption("Burn rate"), new Div(burn), new Div(daysLeft), new Div(secondary(reserved)));
        FlexLayout row = new FlexLayout(main, rate);
        row.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        row.addClassNames(LumoUtility.Gap.XLARGE, LumoUtility.Padding.MEDIUM, LumoUtility.Background.CONTRAST_5,
                LumoUtility.BorderRadius.LARGE);
        return row;
    }

    private Component teamFigures() {
        FlexLayout row = new FlexLayout(new Div(caption("Balance"), new Div(balance), new Div(secondary(mode)),
                new Div(secondary(reserved))));
        row.addClassNames(LumoUtility.Padding.MEDIUM, LumoUtility.Background.CONTRAST_5, LumoUtility.BorderRadius.LARGE);
        return row;
    }

    private String when(Instant instant) {
        ZoneId zone = locale.zone();
        return WHEN.format(instant.atZone(zone));
    }

    private static Span caption(String text) {
        Span caption = new Span(text);
        caption.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        return caption;
    }

    private static Span secondary(Span span) {
        span.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        return span;
    }
}
