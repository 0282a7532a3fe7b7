package dev.tokentally.apikeys.ui;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.apikeys.ApiKey;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.organizations.Team;
import jakarta.validation.ConstraintViolationException;

/** Edits what one key may do: scopes, models, the member, agent and team it speaks for, and its per-minute limits. */
class ApiKeySettingsDialog extends Dialog {

    final CheckboxGroup<String> scopes = new CheckboxGroup<>("Scopes");
    final MultiSelectComboBox<String> models = new MultiSelectComboBox<>("Allowed models");
    final ComboBox<UserAccount> member = new ComboBox<>("Attributed to member");
    final ComboBox<String> agent = new ComboBox<>("Attributed to agent");
    final ComboBox<Team> team = new ComboBox<>("Team");
    final IntegerField requestsPerMinute = new IntegerField("Requests per minute");
    final IntegerField tokensPerMinute = new IntegerField("Tokens per minute");
    final Paragraph error = new Paragraph();
    final Button save = new Button("Save");

    interface Saver {
        void save(ApiKeySettings settings, Long teamId);
    }

    /** What the organization offers a key: its members, teams, allowed models ({@code provider/name}) and agents. */
    record Choices(List<UserAccount> members, List<Team> teams, List<String> models, List<String> agents) {
    }

    /** @param teamId the key's team, null for none */
    ApiKeySettingsDialog(ApiKey key, ApiKeySettings settings, Long teamId, Choices choices, Saver saver) {
        List<UserAccount> members = choices.members();
        List<Team> teams = choices.teams();
        setHeaderTitle("Settings of " + key.name());
        scopes.setItems(ApiKeySettings.INGEST, ApiKeySettings.GATEWAY, ApiKeySettings.BILLING);
        scopes.setItemLabelGenerator(scope -> scope.equals(ApiKeySettings.INGEST) ? "REST API (report usage, reports)"
                : scope.equals(ApiKeySettings.BILLING) ? "Billing (buy credits through the REST API)" : "Gateway (model calls)");
        scopes.setValue(settings.scopes());
        models.setPlaceholder("all the organization allows");
        models.setHelperText("The key may call only these; none: every model the organization allows");
        // What the key has keeps showing, even a name the organization no longer allows (saving then says so).
        models.setItems(union(choices.models(), settings.allowedModels()));
        models.setValue(Set.copyOf(settings.allowedModels()));
        member.setItems(members);
        member.setItemLabelGenerator(user -> user.getDisplayName() + " <" + user.getEmail() + ">");
        member.setClearButtonVisible(true);
        members.stream().filter(user -> user.getId().equals(settings.userId())).findFirst().ifPresent(member::setValue);
        agent.setItems(union(choices.agents(), settings.agentName() == null ? List.of() : List.of(settings.agentName())));
        agent.setClearButtonVisible(true);
        agent.setPlaceholder("none");
        agent.setValue(settings.agentName());
        team.setItems(teams);
        team.setItemLabelGenerator(Team::name);
        team.setClearButtonVisible(true);
        team.setPlaceholder("none");
        team.setHelperText("Everything the key reports or forwards is charged to this team");
        teams.stream().filter(candidate -> Long.valueOf(candidate.id()).equals(teamId)).findFirst().ifPresent(team::setValue);
        requestsPerMinute.setMin(1);
        requestsPerMinute.setPlaceholder("no limit");
        requestsPerMinute.setValue(settings.requestsPerMinute());
        tokensPerMinute.setMin(1);
        tokensPerMinute.setPlaceholder("no limit");
        tokensPerMinute.setValue(settings.tokensPerMinute());
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        FormLayout form = new FormLayout(scopes, models, member, agent, team, requestsPerMinute, tokensPerMinute);
        add(form, error);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(event -> {
            List.<HasValidation>of(team, models, agent).forEach(field -> field.setInvalid(false));
            error.setText("");
            try {
                saver.save(new ApiKeySettings(Set.copyOf(scopes.getValue()), models.getValue().stream().sorted().toList(),
                        member.getValue() == null ? null : member.getValue().getId(), agent.getValue(),
                        requestsPerMinute.getValue(), tokensPerMinute.getValue()),
                        team.getValue() == null ? null : team.getValue().id());
                close();
            } catch (FieldRejectedException rejected) {
                HasValidation field = switch (rejected.field()) {
                    case "allowedModels" -> models;
                    case "agentName" -> agent;
                    default -> team;
                };
                field.setErrorMessage(rejected.getMessage());
                field.setInvalid(true);
            } catch (ConstraintViolationException invalid) {
                error.setText(invalid.getConstraintViolations().iterator().next().getMessage());
            } catch (IllegalArgumentException invalid) {
                error.setText(invalid.getMessage());
            }
        });
        getFooter().add(new Button("Cancel", event -> close()), save);
        setWidth("40rem");
    }

    private static List<String> union(List<String> offered, List<String> kept) {
        Set<String> all = new LinkedHashSet<>(offered);
        all.addAll(kept);
        return List.copyOf(all);
    }
}
