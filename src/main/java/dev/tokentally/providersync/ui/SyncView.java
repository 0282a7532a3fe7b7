package dev.tokentally.providersync.ui;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.base.ui.RowActions;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.providersync.ProviderAccount;
import dev.tokentally.providersync.ProviderAccounts;
import dev.tokentally.providersync.SyncActions;
import dev.tokentally.providersync.SyncRuns;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/**
 * Provider sync: the accounts it reads (org admins see and add their organization's), and for platform
 * admins each job's state (last run, duration, result, next run, last error), a switch, "Run now" with
 * progress, and the last 50 runs.
 */
@Route("sync")
@PageTitle("Provider sync")
@Menu(order = 36, icon = "vaadin:refresh", title = "Provider sync")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN})
public class SyncView extends VerticalLayout {

    final Grid<SyncRuns.JobStatus> jobs = new Grid<>();
    final Grid<ProviderAccount> accounts = new Grid<>();
    final Grid<SyncRuns.Run> runs = new Grid<>();
    final Button addAccount = new Button("Add account");
    final ProgressBar progress = new ProgressBar();

    private final SyncRuns syncRuns;
    private final ProviderAccounts providerAccounts;
    private final SyncActions actions;
    private final SignedInUser me;
    private final ZoneId zone;
    private final List<Organization> organizations;
    private final UserAccountService users;

    SyncView(SyncRuns syncRuns, ProviderAccounts providerAccounts, SyncActions actions, CurrentUser currentUser,
             OrganizationService organizationService, UserAccountService users) {
        this.users = users;
        this.syncRuns = syncRuns;
        this.providerAccounts = providerAccounts;
        this.actions = actions;
        this.me = currentUser.require();
        this.zone = organizationService.currentZone();
        this.organizations = me.isPlatformAdmin() ? organizationService.list("", PageRequest.of(0, 1000))
                : organizationService.current().map(List::of).orElse(List.of());
        progress.setIndeterminate(true);
        progress.setVisible(false);

        accounts.addColumn(a -> organizationName(a.organizationId())).setHeader("Organization").setAutoWidth(true);
        accounts.addColumn(ProviderAccount::provider).setHeader("Provider").setAutoWidth(true);
        accounts.addColumn(ProviderAccount::name).setHeader("Name").setAutoWidth(true);
        accounts.addColumn(ProviderAccount::effectiveBaseUrl).setHeader("Base URL").setAutoWidth(true);
        accounts.addColumn(a -> "set (" + a.keyHint() + ")").setHeader("Admin key").setAutoWidth(true);
        accounts.addColumn(a -> a.enabled() ? "Enabled" : "Off").setHeader("Status").setAutoWidth(true);
        accounts.addComponentColumn(this::accountActions).setWidth("11rem").setFlexGrow(0);
        GridFit.wrap(accounts, "Organization", "Name", "Base URL");
        accounts.setAllRowsVisible(true);
        accounts.setEmptyStateText("No provider accounts yet. An account's admin key lets the sync read the provider's own usage.");
        addAccount.addClickListener(click -> editAccount(null));

        add(progress);
        if (me.isPlatformAdmin()) {
            jobs.addColumn(job -> job.job().equals(SyncRuns.PRICE_SYNC) ? "Price sync (daily)" : "Usage sync (every 10 minutes)")
                    .setHeader("Job").setAutoWidth(true);
            jobs.addComponentColumn(this::jobSwitch).setHeader("On").setAutoWidth(true);
            jobs.addColumn(job -> job.lastRun() == null ? "never" : DateText.format(job.lastRun().startedAt(), zone)).setHeader(DateText.header("Last run", zone))
                    .setAutoWidth(true);
            jobs.addColumn(job -> duration(job.lastRun())).setHeader("Duration").setAutoWidth(true);
            jobs.addColumn(job -> job.lastRun() == null ? "" : job.lastRun().status().equals("FAILED") ? "Failed: " + job.lastRun().error()
                    : job.lastRun().summary()).setHeader("Result").setFlexGrow(1);
            jobs.addColumn(job -> job.enabled() ? DateText.format(job.nextRun(), zone) : "switched off").setHeader(DateText.header("Next run", zone)).setAutoWidth(true);
            GridFit.wrap(jobs, "Job", "Last run", "Result", "Next run");
            jobs.addComponentColumn(job -> new Button("Run now", click -> runInBackground(job.job().equals(SyncRuns.PRICE_SYNC)
                    ? actions::runPriceSync : actions::runUsageSync))).setAutoWidth(true);
            jobs.setAllRowsVisible(true);
            runs.addColumn(run -> DateText.format(run.startedAt(), zone)).setHeader(DateText.header("Started", zone)).setAutoWidth(true);
            runs.addColumn(SyncRuns.Run::job).setHeader("Job").setAutoWidth(true);
            runs.addColumn(run -> run.accountId() == null ? "" : "account " + run.accountId()).setHeader("Account").setAutoWidth(true);
            runs.addColumn(this::duration).setHeader("Duration").setAutoWidth(true);
            runs.addColumn(SyncRuns.Run::status).setHeader("Status").setAutoWidth(true);
            runs.addColumn(run -> run.error() != null ? run.error() : run.summary()).setHeader("Result").setFlexGrow(1);
            runs.setEmptyStateText("No runs yet.");
            add(new H3("Jobs"), jobs);
        }
        add(new H3("Provider accounts"), new Paragraph("Admin keys read the provider's usage and cost reports (OpenAI, "
                + "Anthropic) or its record of each generation (OpenRouter). They are stored encrypted."), addAccount, accounts);
        if (me.isPlatformAdmin()) {
            add(new H3("Runs"), runs);
            runs.setItems(query -> syncRuns.recent(null, query.getOffset(), query.getLimit()).stream());
        }
        refresh();
    }

    private void refresh() {
        accounts.setItems(providerAccounts.list());
        if (me.isPlatformAdmin()) {
            jobs.setItems(syncRuns.jobs());
            runs.getDataProvider().refreshAll();
        }
    }

    /** Runs a job off the request, with the progress bar showing and the tables refreshed when it ends. */
    private void runInBackground(Supplier<String> job) {
        UI ui = UI.getCurrent();
        progress.setVisible(true);
        Thread.ofVirtual().name("sync-run-now").start(new DelegatingSecurityContextRunnable(() -> {
            String failure = null;
            try {
                job.get();
            } catch (RuntimeException failed) {
                failure = failed.getMessage();
            }
            String message = failure;
            ui.access(() -> {
                progress.setVisible(false);
                refresh();
                if (message != null) {
                    Saving.showError("The run failed: " + message);
                }
            });
        }));
    }

    private Component jobSwitch(SyncRuns.JobStatus job) {
        Checkbox enabled = new Checkbox(job.enabled());
        enabled.setAriaLabel("Run " + job.job() + " on schedule");
        enabled.addValueChangeListener(change -> {
            syncRuns.setEnabled(job.job(), change.getValue());
            refresh();
        });
        return enabled;
    }

    private Component accountActions(ProviderAccount account) {
        return RowActions.editAndDelete(() -> editAccount(account), "Delete " + account.name() + "?",
                "The sync stops reading this account; what it imported stays in the ledger.", () -> {
                    providerAccounts.delete(account.id());
                    refresh();
                });
    }

    private void editAccount(ProviderAccount account) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(account == null ? "New provider account" : "Edit " + account.name());
        ComboBox<Organization> organization = new ComboBox<>("Organization", organizations);
        organization.setItemLabelGenerator(Organization::getName);
        Select<String> provider = new Select<>();
        provider.setLabel("Provider");
        provider.setItems("openai", "anthropic", "openrouter");
        TextField name = new TextField("Name");
        TextField baseUrl = new TextField("Base URL");
        baseUrl.setHelperText("Empty: the provider's own address");
        baseUrl.setVisible(me.isPlatformAdmin());
        PasswordField key = new PasswordField("Admin key");
        key.setRevealButtonVisible(false);
        TextField agent = new TextField("Agent label for imported usage");
        ComboBox<UserAccount> member = new ComboBox<>("Member for imported usage");
        member.setItemLabelGenerator(user -> user.getDisplayName() + " <" + user.getEmail() + ">");
        member.setClearButtonVisible(true);
        member.setHelperText("Optional: usage made outside Tokentally is attributed to this member");
        organization.addValueChangeListener(change -> {
            member.clear();
            member.setItems(change.getValue() == null ? List.of()
                    : users.list(change.getValue().getId(), "", PageRequest.of(0, 500)));
        });
        Checkbox enabled = new Checkbox("Enabled", true);
        if (account != null) {
            organization.setValue(organizations.stream().filter(o -> o.getId() == account.organizationId()).findFirst().orElse(null));
            organization.setReadOnly(true);
            provider.setValue(account.provider());
            provider.setReadOnly(true);
            name.setValue(account.name());
            baseUrl.setValue(account.baseUrl() == null ? "" : account.baseUrl());
            key.setHelperText("Leave empty to keep the stored key (" + account.keyHint() + ")");
            agent.setValue(account.unattributedAgent() == null ? "" : account.unattributedAgent());
            member.setItems(users.list(account.organizationId(), "", PageRequest.of(0, 500)));
            member.getListDataView().getItems().filter(user -> user.getId().equals(account.unattributedUserId())).findFirst()
                    .ifPresent(member::setValue);
            enabled.setValue(account.enabled());
        } else {
            provider.setValue("openai");
            if (organizations.size() == 1) {
                organization.setValue(organizations.getFirst());
            }
        }
        Button save = new Button("Save", click -> {
            if (organization.getValue() == null) {
                organization.setErrorMessage("Choose the organization the usage belongs to");
                organization.setInvalid(true);
                return;
            }
            try {
                providerAccounts.save(account == null ? null : account.id(), new ProviderAccounts.Change(
                        organization.getValue().getId(), provider.getValue(), name.getValue(), baseUrl.getValue(),
                        key.getValue(), member.getValue() == null ? null : member.getValue().getId(), agent.getValue(),
                        enabled.getValue()));
            } catch (FieldRejectedException rejected) {
                var field = switch (rejected.field()) {
                    case "name" -> name;
                    case "baseUrl" -> baseUrl;
                    default -> key;
                };
                field.setErrorMessage(rejected.getMessage());
                field.setInvalid(true);
                return;
            }
            refresh();
            dialog.close();
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        dialog.add(new FormLayout(organization, provider, name, baseUrl, key, member, agent, enabled));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.setWidth("36rem");
        dialog.open();
    }

    private String duration(SyncRuns.JobStatus job) {
        return duration(job.lastRun());
    }

    private String duration(SyncRuns.Run run) {
        if (run == null) {
            return "";
        }
        if (run.finishedAt() == null) {
            return "running";
        }
        return Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0 + " s";
    }

    private String organizationName(long id) {
        return organizations.stream().filter(o -> o.getId() == id).findFirst().map(Organization::getName).orElse("");
    }
}
