package dev.tokentally.gateway.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.base.ui.DialogButtons;
import dev.tokentally.base.ui.GridFit;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.gateway.routing.Route;

/**
 * The routes of one scope (an organization's, or the platform-wide ones) in a grid with New, Edit and Delete, and as a
 * YAML document to download or to import in their place. Routes of the routes file are listed read-only.
 */
class RoutesSection extends VerticalLayout {

    static final String EXAMPLE = """
            routes:
              - name: chat-default
                strategy: weighted
                retries: 2
                cache: { ttl: 3600 }
                targets:
                  - { model: openai/gpt-4o-mini, weight: 3 }
                  - { model: anthropic/claude-sonnet-4-5, weight: 1 }
                fallback: [ anthropic/claude-sonnet-4-5 ]
                downgrade: { above_percent: 80, to: openai/gpt-4o-mini }""";

    final Grid<Route> grid = new Grid<>();
    final Div emptyState = new Div();
    final Button create = new Button("New route");
    final Button edit = new Button("Edit");
    final Button delete = new Button("Delete");
    final Button importYaml = new Button("Import YAML");
    final Anchor exportYaml;

    private final RouteStore store;
    private final List<String> models;

    /**
     * @param scope  whose routes these are, as a sentence says it ("Acme Corp's", "the platform-wide")
     * @param models the model names to suggest for targets (others may be typed)
     */
    RoutesSection(RouteStore store, List<String> models, String scope, String fileName) {
        this.store = store;
        this.models = List.copyOf(models);
        grid.addColumn(Route::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(route -> RouteDialog.strategyLabel(route.strategy())).setHeader("Strategy").setAutoWidth(true);
        Grid.Column<Route> targets = grid.addColumn(RoutesSection::targets).setHeader("Targets (weight)");
        Grid.Column<Route> fallbacks = grid.addColumn(route -> String.join(" → ", route.fallback())).setHeader("Fallbacks");
        grid.addColumn(Route::retries).setHeader("Retries").setAutoWidth(true);
        grid.addColumn(route -> TtlText.format(route.cacheTtl())).setHeader("Cache TTL").setAutoWidth(true);
        Grid.Column<Route> downgrade = grid.addColumn(route -> route.downgrade() == null ? ""
                : "above " + route.downgrade().abovePercent() + " % → " + route.downgrade().to()).setHeader("Downgrade");
        grid.addColumn(route -> route.fromFile() ? "routes file (read-only)" : "").setHeader("From file").setAutoWidth(true);
        GridFit.wrap(grid, targets, fallbacks, downgrade);
        grid.setAllRowsVisible(true);
        grid.setWidthFull();
        grid.addSelectionListener(selected -> enableActions());
        grid.addItemDoubleClickListener(click -> {
            if (!click.getItem().fromFile()) {
                new RouteDialog(store, click.getItem(), models, this::refresh).open();
            }
        });

        emptyState.add(new Paragraph("No routes yet. A route is a model name your applications send (chat-default, say) "
                + "with the models behind it: targets shared by weight, tried again on 429, 5xx and timeouts, then the "
                + "fallbacks in order; optionally cached and downgraded to a cheaper model near the budget. For example:"),
                new Pre(EXAMPLE));
        emptyState.setId("routes-empty");

        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> new RouteDialog(store, null, models, this::refresh).open());
        edit.addClickListener(click -> selected().ifPresent(route -> new RouteDialog(store, route, models, this::refresh).open()));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(click -> selected().ifPresent(route -> DialogButtons.confirmDelete("Delete route " + route.name() + "?",
                "Applications sending '" + route.name() + "' get an error (or a catalog model of that name) from then on.",
                () -> remove(route))));
        importYaml.addClickListener(click -> new RouteImportDialog(store, scope, this::refresh).open());
        exportYaml = new Anchor(DownloadHandler.fromInputStream(download -> {
            byte[] yaml = exportText().getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(yaml), fileName, "application/yaml", yaml.length);
        }), "Export YAML");
        exportYaml.getElement().setAttribute("download", true);
        FlexLayout actions = new FlexLayout(create, edit, delete, importYaml, exportYaml);
        actions.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        actions.addClassNames(LumoUtility.Gap.MEDIUM);

        add(new Paragraph("Select a route to edit or delete it; routes of the routes file (TOKENTALLY_GATEWAY_ROUTES_FILE) "
                + "are changed there. The export holds " + scope + " stored routes in the routes file's format."),
                new Paragraph("A route's Cache TTL keeps its answers that long (answers say x-tokentally-cache: hit or miss); "
                        + "routes without one follow the API key's own cache setting. Answers name the target that answered "
                        + "in x-tokentally-model. Calls tagged x-tokentally-tags: project=atlas show on the dashboard's cost "
                        + "by tag."), actions, grid, emptyState);
        setPadding(false);
        refresh();
    }

    /** What Export YAML downloads. */
    String exportText() {
        return store.exportYaml();
    }

    void refresh() {
        List<Route> routes = store.list();
        grid.setItems(routes);
        grid.setVisible(!routes.isEmpty());
        emptyState.setVisible(routes.isEmpty());
        enableActions();
    }

    private void remove(Route route) {
        try {
            store.delete(route.name());
        } catch (IllegalArgumentException refused) {
            Saving.showError(refused.getMessage());
        }
        refresh();
    }

    private Optional<Route> selected() {
        return grid.getSelectedItems().stream().findFirst();
    }

    private void enableActions() {
        boolean editable = selected().filter(route -> !route.fromFile()).isPresent();
        edit.setEnabled(editable);
        delete.setEnabled(editable);
    }

    private static String targets(Route route) {
        return route.targets().stream().map(target -> target.model() + " (" + target.weight() + ")").collect(Collectors.joining(", "));
    }
}
