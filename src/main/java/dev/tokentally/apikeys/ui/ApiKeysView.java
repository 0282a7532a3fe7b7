package dev.tokentally.apikeys.ui;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.ValidationResult;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.apikeys.ApiKey;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.Roles;
import dev.tokentally.organizations.TeamDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import org.springframework.data.domain.Pageable;

/**
 * Org admins create the API keys their applications report usage with. A key's secret is shown once;
 * only its hash is kept. Revoking takes effect at the next request.
 */
@Route("api-keys")
@PageTitle("API keys")
@Menu(order = 25, icon = "vaadin:key", title = "API keys")
@RolesAllowed(Roles.ORG_ADMIN)
public class ApiKeysView extends VerticalLayout {

    static final String NOT_A_DATE = "Not a date: pick one in the calendar, or leave it empty for a key that never expires";
    static final String NOT_AHEAD = "The expiry must be in the future";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    final TextField name = new TextField("Name");
    final DatePicker expires = new DatePicker("Expires (optional)");
    final Button create = new Button("Create key");
    final Grid<ApiKey> grid = new Grid<>(ApiKey.class, false);

    private final ApiKeys apiKeys;
    private final UserAccountService users;
    private final TeamDirectory teams;
    private final long organizationId;

    ApiKeysView(ApiKeys apiKeys, UserAccountService users, TeamDirectory teams, CurrentUser currentUser, Clock clock) {
        this.apiKeys = apiKeys;
        this.teams = teams;
        this.users = users;
        this.organizationId = currentUser.require().organizationId();
        name.setPlaceholder("e.g. helpdesk backend");
        expires.setMin(LocalDate.now(clock).plusDays(1));
        expires.setI18n(new DatePicker.DatePickerI18n().setBadInputErrorMessage(NOT_A_DATE).setMinErrorMessage(NOT_AHEAD));
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.addClickListener(event -> createKey());
        HorizontalLayout form = new HorizontalLayout(name, expires, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.addColumn(ApiKey::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(key -> key.prefix() + "…").setHeader("Key").setAutoWidth(true);
        grid.addColumn(key -> when(key.createdAt()) + " by " + key.createdBy()).setHeader("Created").setAutoWidth(true);
        grid.addColumn(key -> key.expiresAt() == null ? "never" : when(key.expiresAt())).setHeader("Expires").setAutoWidth(true);
        grid.addColumn(key -> key.lastUsedAt() == null ? "never" : when(key.lastUsedAt())).setHeader("Last used").setAutoWidth(true);
        grid.addComponentColumn(this::settingsButton).setHeader("").setKey("settings").setAutoWidth(true);
        grid.addComponentColumn(this::revokeButton).setHeader("").setKey("actions").setAutoWidth(true);
        grid.setEmptyStateText("No API keys yet. Create one and send it as 'Authorization: Bearer <key>' to /api/v1/usage.");
        add(new Paragraph("Applications report usage to POST /api/v1/usage, or send their model calls through the gateway "
                + "(/v1/chat/completions, /v1/messages; see Gateway), with one of these keys."), form, grid);
        grid.setItems(query -> apiKeys.page(organizationId, query.getOffset(), query.getLimit()).stream());
    }

    private void createKey() {
        name.setInvalid(false);
        // Text the picker cannot read arrives as no date: refused, never a key that does not expire.
        ValidationResult expiry = expires.getDefaultValidator().apply(expires.getValue(), null);
        if (expiry.isError()) {
            expires.setErrorMessage(expiry.getErrorMessage());
            expires.setInvalid(true);
            return;
        }
        expires.setInvalid(false);
        ApiKeys.Created created;
        try {
            created = apiKeys.create(organizationId, name.getValue(),
                    expires.getValue() == null ? null : expires.getValue().atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (ConstraintViolationException invalid) {
            name.setErrorMessage(invalid.getConstraintViolations().iterator().next().getMessage());
            name.setInvalid(true);
            return;
        } catch (IllegalArgumentException invalid) {
            expires.setErrorMessage(invalid.getMessage());
            expires.setInvalid(true);
            return;
        }
        name.clear();
        expires.clear();
        refresh();
        showSecretOnce(created);
    }

    private void showSecretOnce(ApiKeys.Created created) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("API key " + created.key().name());
        TextField secret = new TextField("Secret");
        secret.setValue(created.secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.setId("new-api-key-secret");
        dialog.add(new Paragraph("Copy the secret now: it is shown only this once and cannot be recovered."), secret);
        dialog.getFooter().add(new Button("Done", event -> dialog.close()));
        dialog.setWidth("36rem");
        dialog.open();
    }

    private Component settingsButton(ApiKey key) {
        Button settings = new Button("Settings", event -> new ApiKeySettingsDialog(key, apiKeys.settings(key.id()),
                apiKeys.team(key.id()).orElse(null), new ApiKeySettingsDialog.Choices(
                        users.list(organizationId, null, Pageable.unpaged()), teams.all(organizationId),
                        apiKeys.modelChoices(organizationId), apiKeys.agentChoices(organizationId)),
                (changed, teamId) -> apiKeys.updateSettings(key.id(), changed, teamId))
                .open());
        settings.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        settings.setEnabled(key.revokedAt() == null);
        return settings;
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

    private static String when(Instant instant) {
        return WHEN.format(instant);
    }
}
