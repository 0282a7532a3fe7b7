package dev.tokentally.budgets.ui;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.BeanValidationBinder;
import dev.tokentally.base.ui.DateFields;
import dev.tokentally.base.ui.DialogButtons;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.budgets.Budget;
import dev.tokentally.mail.channels.AlertChannel;

/** Creates or edits a budget; fields that do not apply to the chosen scope or period are hidden. */
class BudgetDialog extends Dialog {

    final TextField name = new TextField("Name");
    final Select<Budget.Scope> scope = new Select<>();
    final ComboBox<Long> userId = new ComboBox<>("Member");
    final ComboBox<String> agentName = new ComboBox<>("Agent");
    final ComboBox<Long> teamId = new ComboBox<>("Team");
    final ComboBox<Long> apiKeyId = new ComboBox<>("API key");
    final TextField tag = new TextField("Tag");
    final Select<Budget.Period> period = new Select<>();
    final DatePicker startsOn = DateFields.iso(new DatePicker("First day"));
    final DatePicker endsOn = DateFields.iso(new DatePicker("Last day"));
    final BigDecimalField amount = new BigDecimalField("Amount");
    final TextField thresholds = new TextField("Alert at (%)");
    final RadioButtonGroup<Budget.Enforcement> enforcement = new RadioButtonGroup<>("At 100 %");
    final TextField extraRecipients = new TextField("Also alert");
    final MultiSelectComboBox<AlertChannel> channels = new MultiSelectComboBox<>("Alert channels");
    final Button save = new Button("Save");

    interface Saver {
        Budget save(Budget budget, Set<Long> channelIds);
    }

    /**
     * What the dialog offers: the scopes the user may give a budget and the choices of each (for a team manager
     * only Team and their teams), and the organization's alert channels when the user may choose them.
     */
    record Choices(List<Budget.Scope> scopes, Map<Long, String> members, List<String> agents, Map<Long, String> teams,
                   Map<Long, String> keys, boolean channelsShown, List<AlertChannel> channels) {
    }

    /**
     * @param chosen the ids of the channels this budget tells
     * @param delete deletes the budget once confirmed; null for a new one
     */
    BudgetDialog(Budget budget, String currency, Choices choices, Set<Long> chosen, Saver saver, Runnable afterSave,
                 Runnable delete) {
        Map<Long, String> members = choices.members();
        Map<Long, String> teams = choices.teams();
        Map<Long, String> keys = choices.keys();
        List<AlertChannel> available = choices.channels();
        setHeaderTitle(budget.getId() == null ? "New budget" : "Edit " + budget.getName());
        setWidth("40rem");
        scope.setLabel("Applies to");
        scope.setItems(choices.scopes());
        scope.setItemLabelGenerator(value -> switch (value) {
            case ORGANIZATION -> "The whole organization";
            case USER -> "One member";
            case AGENT -> "One agent";
            case TEAM -> "One team (with its sub-teams)";
            case API_KEY -> "One API key";
            case TAG -> "Calls with one tag";
        });
        tag.setPlaceholder("project=atlas");
        tag.setHelperText("key=value, as gateway calls send it in x-tokentally-tags or OpenAI metadata");
        teamId.setItems(teams.keySet());
        teamId.setItemLabelGenerator(id -> teams.getOrDefault(id, "team " + id));
        teamId.setHelperText(teams.isEmpty() ? "No teams yet: create them under Teams" : "Its managers are alerted too");
        apiKeyId.setItems(keys.keySet());
        apiKeyId.setItemLabelGenerator(id -> keys.getOrDefault(id, "key " + id));
        userId.setItems(members.keySet());
        userId.setItemLabelGenerator(id -> members.getOrDefault(id, "member " + id));
        agentName.setItems(choices.agents());
        agentName.setAllowCustomValue(true);
        agentName.addCustomValueSetListener(event -> agentName.setValue(event.getDetail()));
        period.setLabel("Period");
        period.setItems(Budget.Period.values());
        period.setItemLabelGenerator(value -> switch (value) {
            case DAILY -> "Daily";
            case WEEKLY -> "Weekly (Monday to Sunday)";
            case MONTHLY -> "Monthly";
            case CUSTOM -> "Custom dates";
        });
        period.setHelperText("Calendar periods in the organization's time zone");
        amount.setSuffixComponent(new Span(currency));
        amount.setHelperText("Billed cost in " + currency);
        thresholds.setHelperText("Increasing percentages, such as 50, 80, 100");
        enforcement.setItems(Budget.Enforcement.values());
        enforcement.setItemLabelGenerator(value -> value == Budget.Enforcement.SOFT ? "Alert only" : "Alert and block new chat calls");
        extraRecipients.setHelperText("Email addresses besides the organization's admins, separated by commas");
        channels.setItems(available);
        channels.setItemLabelGenerator(AlertChannel::label);
        channels.setValue(available.stream().filter(channel -> chosen.contains(channel.id())).toList());
        channels.setVisible(choices.channelsShown());
        channels.setHelperText(available.isEmpty() ? "No channels yet: an org admin adds Slack, Teams or webhooks under Alert channels"
                : "Slack, Teams or webhooks told besides email");

        BeanValidationBinder<Budget> binder = new BeanValidationBinder<>(Budget.class);
        binder.forField(name).bind("name");
        binder.forField(scope).bind("scope");
        binder.forField(userId).bind("userId");
        binder.forField(agentName).bind("agentName");
        binder.forField(teamId).bind("teamId");
        binder.forField(apiKeyId).bind("apiKeyId");
        binder.forField(tag).bind("tag");
        binder.forField(period).bind("period");
        binder.forField(startsOn).bind("startsOn");
        binder.forField(endsOn).bind("endsOn");
        binder.forField(amount).bind("amount");
        binder.forField(thresholds).bind("thresholds");
        binder.forField(enforcement).bind("enforcement");
        binder.forField(extraRecipients).bind("extraRecipients");
        binder.readBean(budget);
        scope.addValueChangeListener(change -> showApplicableFields());
        period.addValueChangeListener(change -> showApplicableFields());
        showApplicableFields();

        FormLayout form = new FormLayout(name, scope, userId, agentName, teamId, apiKeyId, tag, period, startsOn, endsOn, amount, thresholds,
                enforcement, extraRecipients, channels);
        form.setColspan(enforcement, 2);
        form.setColspan(extraRecipients, 2);
        form.setColspan(channels, 2);
        add(form);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.addClickListener(click -> {
            Set<Long> channelIds = Set.copyOf(channels.getValue().stream().map(AlertChannel::id).toList());
            if (Saving.attempt(binder, budget, edited -> saver.save(edited, channelIds))) {
                afterSave.run();
                close();
            }
        });
        DialogButtons.addToFooter(this, save, "Delete " + budget.getName() + "?",
                "Its alerts stop and, if it blocks, chat calls in its scope are no longer limited by it.", delete);
        name.focus();
    }

    private void showApplicableFields() {
        userId.setVisible(scope.getValue() == Budget.Scope.USER);
        agentName.setVisible(scope.getValue() == Budget.Scope.AGENT);
        teamId.setVisible(scope.getValue() == Budget.Scope.TEAM);
        apiKeyId.setVisible(scope.getValue() == Budget.Scope.API_KEY);
        tag.setVisible(scope.getValue() == Budget.Scope.TAG);
        boolean custom = period.getValue() == Budget.Period.CUSTOM;
        startsOn.setVisible(custom);
        endsOn.setVisible(custom);
    }
}
