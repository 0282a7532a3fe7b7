package dev.tokentally.chat.ui;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.chat.Agent;
import dev.tokentally.chat.ChatThread;
import dev.tokentally.chat.ChatThreads;
import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.organizations.Team;

/**
 * The member's threads, most recent first, loaded page by page; searchable by title. Above them, what a
 * new thread talks to (an agent or a plain model) and the button that starts one.
 */
class ThreadList extends VerticalLayout {

    /** What a new thread talks to. */
    record Target(String label, Long agentId, Long modelId) {
    }

    final ComboBox<Target> target = new ComboBox<>("Talk to");
    /** Shown to members of several teams: the team a new thread is charged to, the default team preselected. */
    final ComboBox<Team> team = new ComboBox<>("Charge to team");
    final Button newThread = new Button("New chat", VaadinIcon.PLUS.create());
    final TextField search = new TextField();
    final Grid<ChatThread> grid = new Grid<>();

    private final ChatThreads threads;

    ThreadList(ChatThreads threads, List<Agent> agents, List<ChatModelChoice> models, ZoneId zone, LongConsumer open) {
        this.threads = threads;
        setWidth("20rem");
        setHeightFull();
        setPadding(false);

        List<Target> targets = new ArrayList<>();
        agents.forEach(agent -> targets.add(new Target("Agent: " + agent.getName(), agent.getId(), null)));
        models.forEach(model -> targets.add(new Target(model.label(), null, model.modelId())));
        target.setItems(targets);
        target.setItemLabelGenerator(Target::label);
        target.setWidthFull();
        target.setId("chat-target");
        if (!targets.isEmpty()) {
            target.setValue(targets.getFirst());
        } else {
            target.setHelperText("Your organization allows no models yet; an admin can allow some under Chat models.");
        }
        List<Team> myTeams = threads.myTeams();
        team.setId("chat-team");
        team.setWidthFull();
        team.setItems(myTeams);
        team.setItemLabelGenerator(Team::name);
        team.setVisible(myTeams.size() > 1);
        threads.myDefaultTeam().flatMap(id -> myTeams.stream().filter(mine -> mine.id() == id).findFirst())
                .ifPresent(team::setValue);
        newThread.setId("new-thread");
        newThread.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newThread.setWidthFull();
        newThread.setEnabled(!targets.isEmpty());
        newThread.addClickListener(click -> {
            Target chosen = target.getValue();
            if (chosen == null) {
                target.setErrorMessage("Choose an agent or a model");
                target.setInvalid(true);
                return;
            }
            try {
                open.accept((team.isVisible()
                        ? threads.create(chosen.agentId(), chosen.modelId(), team.getValue() == null ? null : team.getValue().id())
                        : threads.create(chosen.agentId(), chosen.modelId())).id());
            } catch (IllegalArgumentException refused) {
                Saving.showError(refused.getMessage());
            }
        });

        search.setPlaceholder("Search titles");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setWidthFull();
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(change -> grid.getDataProvider().refreshAll());

        grid.setId("thread-list");
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_COMPACT);
        // A title too long for the list ends in an ellipsis (the grid's own style); the tooltip has all of it.
        grid.addColumn(ChatThread::title).setHeader("Threads").setFlexGrow(1).setTooltipGenerator(ChatThread::title);
        grid.addColumn(thread -> DateText.format(thread.updatedAt(), zone)).setAutoWidth(true).setFlexGrow(0);
        grid.setItems(query -> threads.page(search.getValue(), query.getOffset(), query.getLimit()).stream(),
                query -> (int) threads.count(search.getValue()));
        grid.setEmptyStateText("No threads yet. Start one with New chat.");
        grid.addItemClickListener(click -> open.accept(click.getItem().id()));
        grid.setSizeFull();
        add(target, team, newThread, search, grid);
        setFlexGrow(1, grid);
    }

    void refresh() {
        grid.getDataProvider().refreshAll();
    }

    void select(ChatThread thread) {
        grid.select(thread);
    }
}
