package dev.tokentally.chat.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.BeanValidationBinder;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.base.Roles;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.chat.Agent;
import dev.tokentally.chat.Agents;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.models.ModelAccess;
import dev.tokentally.organizations.TeamDirectory;
import jakarta.annotation.security.RolesAllowed;

/** Org admins define agents: a name, a system prompt and a model with its settings. */
@Route("agents")
@PageTitle("Agents")
@Menu(order = 27, icon = "vaadin:user-star", title = "Agents")
@RolesAllowed(Roles.ORG_ADMIN)
public class AgentsView extends VerticalLayout {

    final Grid<Agent> grid = new Grid<>();
    final Button create = new Button("New agent");

    private final Agents agents;
    private final long organizationId;
    private final List<ChatModelChoice> models;
    private final Map<Long, String> teamNames = new LinkedHashMap<>();

    AgentsView(Agents agents, ModelAccess access, TeamDirectory teams, CurrentUser currentUser) {
        this.agents = agents;
        this.organizationId = currentUser.require().organizationId();
        teams.all(organizationId).forEach(team -> teamNames.put(team.id(), team.name()));
        this.models = access.choices();
        Map<Long, String> modelNames = new java.util.HashMap<>();
        models.forEach(model -> modelNames.put(model.modelId(), model.label()));
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> edit(new Agent()));
        grid.addColumn(Agent::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(Agent::getDescription).setHeader("Description").setFlexGrow(1);
        grid.addColumn(agent -> modelNames.getOrDefault(agent.getModelId(), "a model members may not use"))
                .setHeader("Model").setAutoWidth(true);
        grid.addColumn(agent -> agent.isEnabled() ? "Enabled" : "Disabled").setHeader("Status").setAutoWidth(true);
        grid.addItemClickListener(click -> edit(click.getItem()));
        grid.setEmptyStateText("No agents yet. An agent gives members a ready-made assistant: a system prompt and a model.");
        add(new Paragraph("Members start threads with enabled agents; usage is attributed to the agent. Click an agent to edit it."),
                create, grid);
        grid.setItems(query -> agents.page(organizationId, VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    private void edit(Agent agent) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(agent.getId() == null ? "New agent" : "Edit " + agent.getName());
        TextField name = new TextField("Name");
        TextField description = new TextField("Description");
        TextArea systemPrompt = new TextArea("System prompt");
        systemPrompt.setMinHeight("8rem");
        ComboBox<Long> model = new ComboBox<>("Model");
        model.setItems(models.stream().map(ChatModelChoice::modelId).toList());
        model.setItemLabelGenerator(id -> models.stream().filter(choice -> choice.modelId() == id).findFirst()
                .map(ChatModelChoice::label).orElse("model " + id));
        BigDecimalField temperature = new BigDecimalField("Temperature");
        temperature.setHelperText("0 to 2; empty for the model's default");
        IntegerField maxOutputTokens = new IntegerField("Max output tokens");
        maxOutputTokens.setHelperText("Empty for the model's limit");
        Checkbox enabled = new Checkbox("Enabled");
        ComboBox<Long> team = new ComboBox<>("Team");
        team.setItems(teamNames.keySet());
        team.setItemLabelGenerator(id -> teamNames.getOrDefault(id, "team " + id));
        team.setClearButtonVisible(true);
        team.setPlaceholder("the member's team");
        team.setHelperText("Everything the agent answers is charged to this team");
        BeanValidationBinder<Agent> binder = new BeanValidationBinder<>(Agent.class);
        binder.forField(name).bind("name");
        binder.forField(description).bind("description");
        binder.forField(systemPrompt).bind("systemPrompt");
        binder.forField(model).asRequired("Choose a model").bind("modelId");
        binder.forField(temperature).bind("temperature");
        binder.forField(maxOutputTokens).bind("maxOutputTokens");
        binder.forField(enabled).bind("enabled");
        binder.forField(team).bind("teamId");
        binder.readBean(agent);
        FormLayout form = new FormLayout(name, model, description, temperature, maxOutputTokens, team, enabled, systemPrompt);
        form.setColspan(systemPrompt, 2);
        form.setColspan(description, 2);
        Button save = new Button("Save", click -> {
            if (Saving.attempt(binder, agent, edited -> agents.save(organizationId, edited))) {
                refresh();
                dialog.close();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER).listenOn(name, description, temperature, maxOutputTokens);
        dialog.add(form);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.setWidth("44rem");
        dialog.open();
        name.focus();
    }
}
