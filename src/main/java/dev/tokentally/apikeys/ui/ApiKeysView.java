package dev.tokentally.apikeys.ui;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.apikeys.ApiKey;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.PageHelp;
import dev.tokentally.organizations.Organization;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.organizations.TeamDirectory;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.Pageable;

/**
 * Org admins create the API keys their applications report usage with. A key's secret is shown once;
 * only its hash is kept. Revoking takes effect at the next request; rotating keeps the old secret for a grace period.
 */
@Route("api-keys")
@PageTitle("API keys")
@Menu(order = 25, icon = "vaadin:key", title = "API keys")
@RolesAllowed(Roles.ORG_ADMIN)
public class ApiKeysView extends VerticalLayout {

    final Button create = new Button("New key", VaadinIcon.PLUS.create());
    final Grid<ApiKey> grid = new Grid<>(ApiKey.class, false);

    private final ApiKeys apiKeys;
    private final UserAccountService users;
    private final TeamDirectory teams;
    private final long organizationId;
    private final ZoneId zone;

    ApiKeysView(ApiKeys apiKeys, UserAccountService users, TeamDirectory teams, CurrentUser currentUser,
                OrganizationService organizations, Clock clock) {
        this.apiKeys = apiKeys;
        this.teams = teams;
        this.users = users;
        this.organizationId = currentUser.require().organizationId();
        this.zone = organizations.currentZone();
        String currency = organizations.current().map(Organization::getCurrency).orElse("");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> new NewApiKeyDialog(choices(), currency, clock,
                (name, expiresAt, settings, teamId, budget) -> apiKeys.create(organizationId, name, expiresAt, settings,
                        teamId, budget),
                created -> {
                    refresh();
                    new SecretDialog("API key " + created.key().name(), created.secret(), null).open();
                }).open());

        grid.addColumn(ApiKey::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(key -> key.prefix() + "…").setHeader("Key").setAutoWidth(true);
        grid.addColumn(key -> key.previousSecretUntil() == null || !key.previousSecretUntil().isAfter(clock.instant()) ? ""
                : "until " + when(key.previousSecretUntil())).setHeader("Old secret works").setKey("previous").setAutoWidth(true);
        grid.addColumn(key -> when(key.createdAt()) + " by " + key.createdBy()).setHeader("Created").setAutoWidth(true);
        grid.addColumn(key -> key.expiresAt() == null ? "never" : when(key.expiresAt())).setHeader("Expires").setAutoWidth(true);
        grid.addColumn(key -> key.lastUsedAt() == null ? "never" : when(key.lastUsedAt())).setHeader("Last used").setAutoWidth(true);
        grid.addComponentColumn(this::settingsButton).setHeader("").setKey("settings").setAutoWidth(true);
        grid.addComponentColumn(this::rotateButton).setHeader("").setKey("rotate").setAutoWidth(true);
        grid.addComponentColumn(this::revokeButton).setHeader("").setKey("actions").setAutoWidth(true);
        grid.setEmptyStateText("No API keys yet. Create one and send it as 'Authorization: Bearer <key>'.");
        add(new PageHelp("Keys your applications use for the gateway and the REST API.",
                "Send a key as 'Authorization: Bearer <key>' to POST /api/v1/usage, or use it in place of the provider's key "
                        + "for model calls through the gateway (/v1/chat/completions, /v1/responses, /v1/messages; see Gateway)."),
                create, grid);
        grid.setItems(query -> apiKeys.page(organizationId, query.getOffset(), query.getLimit()).stream());
    }

    private ApiKeySettingsForm.Choices choices() {
        return new ApiKeySettingsForm.Choices(users.list(organizationId, null, Pageable.unpaged()), teams.all(organizationId),
                apiKeys.modelChoices(organizationId), apiKeys.agentChoices(organizationId));
    }

    private Component settingsButton(ApiKey key) {
        Button settings = new Button("Settings", event -> new ApiKeySettingsDialog(key, apiKeys.settings(key.id()),
                apiKeys.team(key.id()).orElse(null), choices(),
                (changed, teamId) -> apiKeys.updateSettings(key.id(), changed, teamId))
                .open());
        settings.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        settings.setEnabled(key.revokedAt() == null);
        return settings;
    }

    /** A new secret for the same key; the old one keeps working for the grace period chosen in the confirmation. */
    private Component rotateButton(ApiKey key) {
        Button rotate = new Button("Rotate");
        rotate.setEnabled(key.revokedAt() == null);
        rotate.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        rotate.addClickListener(event -> {
            Select<ApiKeys.Grace> grace = new Select<>();
            grace.setLabel("The old secret keeps working for");
            grace.setItems(ApiKeys.Grace.values());
            grace.setItemLabelGenerator(ApiKeys.Grace::label);
            grace.setValue(ApiKeys.Grace.DAY);
            grace.setId("rotation-grace");
            ConfirmDialog confirm = new ConfirmDialog();
            confirm.setHeader("Rotate " + key.name() + "?");
            confirm.add(new Paragraph("A new secret replaces this one; the key keeps its settings, team and budgets. "
                    + "After the grace period the old secret gets 401."), grace);
            confirm.setConfirmText("Rotate");
            confirm.setCancelable(true);
            confirm.addConfirmListener(confirmed -> {
                ApiKeys.Created rotated = apiKeys.rotate(key.id(), grace.getValue());
                refresh();
                new SecretDialog("New secret of " + key.name(), rotated.secret(), grace.getValue() == ApiKeys.Grace.NONE
                        ? "The old secret no longer works." : "The old secret works for " + grace.getValue().label() + " more.")
                        .open();
            });
            confirm.open();
        });
        return rotate;
    }

    private Component revokeButton(ApiKey key) {
        Button revoke = new Button(key.revokedAt() == null ? "Revoke" : "Revoked " + when(key.revokedAt()));
        revoke.setEnabled(key.revokedAt() == null);
        revoke.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        revoke.addClickListener(event -> {
            ConfirmDialog confirm = new ConfirmDialog("Revoke " + key.name() + "?",
                    "Applications using this key get 401 from their next request on. This cannot be undone.",
                    "Revoke", confirmed -> {
                        apiKeys.revoke(key.id());
                        refresh();
                    });
            confirm.setConfirmButtonTheme("error primary");
            confirm.setCancelable(true);
            confirm.open();
        });
        return revoke;
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    private String when(Instant instant) {
        return DateText.format(instant, zone);
    }
}
