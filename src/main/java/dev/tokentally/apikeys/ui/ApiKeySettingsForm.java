package dev.tokentally.apikeys.ui;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.tokentally.accounts.UserAccount;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.organizations.Team;

/**
 * What one key may do: scopes, models (chosen from the organization's), the member, agent and team it speaks for, and
 * its per-minute limits and how long the gateway caches its answers. Shared by the dialog that creates a key and the one that edits its settings.
 */
class ApiKeySettingsForm extends FormLayout {

    final CheckboxGroup<String> scopes = new CheckboxGroup<>("Scopes");
    final MultiSelectComboBox<String> models = new MultiSelectComboBox<>("Allowed models");
    final ComboBox<UserAccount> member = new ComboBox<>("Attributed to member");
    final ComboBox<String> agent = new ComboBox<>("Attributed to agent");
    final ComboBox<Team> team = new ComboBox<>("Team");
    final IntegerField requestsPerMinute = new IntegerField("Requests per minute");
    final IntegerField tokensPerMinute = new IntegerField("Tokens per minute");
    final IntegerField cacheTtlSeconds = new IntegerField("Cache answers for (seconds)");

    /** What the organization offers a key: its members, teams, allowed models ({@code provider/name}) and agents. */
    record Choices(List<UserAccount> members, List<Team> teams, List<String> models, List<String> agents) {
    }

    /** @param teamId the key's team, null for none */
    ApiKeySettingsForm(ApiKeySettings settings, Long teamId, Choices choices) {
        scopes.setItems(ApiKeySettings.INGEST, ApiKeySettings.GATEWAY, ApiKeySettings.BILLING);
        scopes.setItemLabelGenerator(scope -> scope.equals(ApiKeySettings.INGEST)
                ? "REST API: report usage to /api/v1/usage and read reports"
                : scope.equals(ApiKeySettings.BILLING) ? "Billing: buy credits with POST /api/v1/wallet/top-ups"
                : "Gateway: send model calls through /v1/chat/completions, /v1/responses, /v1/messages");
        scopes.setValue(settings.scopes());
        models.setPlaceholder("all the organization allows");
        models.setHelperText("The key may call only these; none: every model the organization allows");
        // What the key has keeps showing, even a name the organization no longer allows (saving then says so).
        models.setItems(union(choices.models(), settings.allowedModels()));
        models.setValue(Set.copyOf(settings.allowedModels()));
        member.setItems(choices.members());
        member.setItemLabelGenerator(user -> user.getDisplayName() + " <" + user.getEmail() + ">");
        member.setClearButtonVisible(true);
        choices.members().stream().filter(user -> user.getId().equals(settings.userId())).findFirst().ifPresent(member::setValue);
        agent.setItems(union(choices.agents(), settings.agentName() == null ? List.of() : List.of(settings.agentName())));
        agent.setClearButtonVisible(true);
        agent.setPlaceholder("none");
        agent.setValue(settings.agentName());
        team.setItems(choices.teams());
        team.setItemLabelGenerator(Team::name);
        team.setClearButtonVisible(true);
        team.setPlaceholder("none");
        team.setHelperText("Everything the key reports or forwards is charged to this team");
        choices.teams().stream().filter(candidate -> Long.valueOf(candidate.id()).equals(teamId)).findFirst()
                .ifPresent(team::setValue);
        requestsPerMinute.setMin(1);
        requestsPerMinute.setPlaceholder("no limit");
        requestsPerMinute.setValue(settings.requestsPerMinute());
        tokensPerMinute.setMin(1);
        tokensPerMinute.setPlaceholder("no limit");
        tokensPerMinute.setValue(settings.tokensPerMinute());
        cacheTtlSeconds.setMin(1);
        cacheTtlSeconds.setMax(ApiKeySettings.MAX_CACHE_TTL_SECONDS);
        cacheTtlSeconds.setPlaceholder("off");
        cacheTtlSeconds.setHelperText("Identical gateway calls are answered from the response cache for this long, at no cost;"
                + " a call may still send x-tokentally-cache: skip or refresh. Empty: off unless a call sends use");
        cacheTtlSeconds.setValue(settings.cacheTtlSeconds());
        add(scopes, models, member, agent, team, requestsPerMinute, tokensPerMinute, cacheTtlSeconds);
        setColspan(scopes, 2);
        setColspan(models, 2);
    }

    ApiKeySettings settings() {
        return new ApiKeySettings(Set.copyOf(scopes.getValue()), models.getValue().stream().sorted().toList(),
                member.getValue() == null ? null : member.getValue().getId(), agent.getValue(),
                requestsPerMinute.getValue(), tokensPerMinute.getValue(), cacheTtlSeconds.getValue());
    }

    Long teamId() {
        return team.getValue() == null ? null : team.getValue().id();
    }

    void clearErrors() {
        List.<HasValidation>of(team, models, agent).forEach(field -> field.setInvalid(false));
    }

    /** Shows the refusal on its field; false when it is not one of this form's. */
    boolean show(FieldRejectedException rejected) {
        HasValidation field = switch (rejected.field()) {
            case "allowedModels" -> models;
            case "agentName" -> agent;
            case "teamId" -> team;
            default -> null;
        };
        if (field == null) {
            return false;
        }
        field.setErrorMessage(rejected.getMessage());
        field.setInvalid(true);
        return true;
    }

    private static List<String> union(List<String> offered, List<String> kept) {
        Set<String> all = new LinkedHashSet<>(offered);
        all.addAll(kept);
        return List.copyOf(all);
    }
}
