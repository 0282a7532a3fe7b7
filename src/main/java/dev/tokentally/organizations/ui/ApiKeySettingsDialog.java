package dev.tokentally.organizations.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.organizations.ApiKey;
import dev.tokentally.organizations.ApiKeySettings;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.UserAccount;
import jakarta.validation.ConstraintViolationException;

/** Edits what one key may do: scopes, models, the member, agent and team it speaks for, and its per-minute limits. */
class ApiKeySettingsDialog extends Dialog {

    final CheckboxGroup<String> scopes = new CheckboxGroup<>("Scopes");
    final TextField models = new TextField("Allowed models");
    final ComboBox<UserAccount> member = new ComboBox<>("Attributed to member");
    final TextField agent = new TextField("Attributed to agent");
    final ComboBox<Team> team = new ComboBox<>("Team");
    final IntegerField requestsPerMinute = new IntegerField("Requests per minute");
    final IntegerField tokensPerMinute = new IntegerField("Tokens per minute");
    final Paragraph error = new Paragraph();
    final Button save = new Button("Save");

    interface Saver {
        void save(ApiKeySettings settings, Long teamId);
    }

    /** @param teams the organization's teams; {@code teamId} the key's, null for none */
    ApiKeySettingsDialog(ApiKey key, ApiKeySettings settings, Long teamId, List<UserAccount> members, List<Team> teams,
                         Saver saver) {
        setHeaderTitle("Settings of " + key.name());
        scopes.setItems(ApiKeySettings.INGEST, ApiKeySettings.GATEWAY);
        scopes.setItemLabelGenerator(scope -> scope.equals(ApiKeySettings.INGEST) ? "REST API (report usage, reports)"
                : "Gateway (model calls)");
        scopes.setValue(settings.scopes());
        models.setPlaceholder("all the organization allows");
        models.setHelperText("Comma-separated catalog names, e.g. gpt-4o-mini, claude-sonnet-4-5");
        models.setValue(String.join(", ", settings.allowedModels()));
        member.setItems(members);
        member.setItemLabelGenerator(user -> user.getDisplayName() + " <" + user.getEmail() + ">");
        member.setClearButtonVisible(true);
        members.stream().filter(user -> user.getId().equals(settings.userId())).findFirst().ifPresent(member::setValue);
        agent.setValue(settings.agentName() == null ? "" : settings.agentName());
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
            team.setInvalid(false);
            try {
                saver.save(new ApiKeySettings(Set.copyOf(scopes.getValue()), Arrays.stream(models.getValue().split(","))
                        .map(String::trim).filter(name -> !name.isEmpty()).toList(),
                        member.getValue() == null ? null : member.getValue().getId(), agent.getValue(),
                        requestsPerMinute.getValue(), tokensPerMinute.getValue()),
                        team.getValue() == null ? null : team.getValue().id());
                close();
            } catch (FieldRejectedException rejected) {
                team.setErrorMessage(rejected.getMessage());
                team.setInvalid(true);
            } catch (ConstraintViolationException invalid) {
                error.setText(invalid.getConstraintViolations().iterator().next().getMessage());
            } catch (IllegalArgumentException invalid) {
                error.setText(invalid.getMessage());
            }
        });
        getFooter().add(new Button("Cancel", event -> close()), save);
        setWidth("40rem");
    }
}
