package dev.tokentally.gateway.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.gateway.routing.Route;
import org.springframework.security.access.AccessDeniedException;

/**
 * Creates or changes one route. Each field says what is wrong with it before anything is sent; what the routes
 * service still refuses (a model that does not exist, say) is shown on the form, and nothing is saved then.
 * Ctrl+Enter saves, Escape cancels.
 */
class RouteDialog extends Dialog {

    static final int MAX_WEIGHT = 1000;

    /** A target's row: its model and weight. */
    record TargetRow(ComboBox<String> model, IntegerField weight, HorizontalLayout row) {
    }

    /** A fallback's row: its model; the rows' order is the order they are tried in. */
    record FallbackRow(ComboBox<String> model, HorizontalLayout row) {
    }

    final TextField name = new TextField("Name clients call");
    final Select<Route.Strategy> strategy = new Select<>();
    final IntegerField retries = new IntegerField("Retries per target");
    final TextField cacheTtl = new TextField("Cache TTL");
    final List<TargetRow> targetRows = new ArrayList<>();
    final List<FallbackRow> fallbackRows = new ArrayList<>();
    final IntegerField downgradeAbove = new IntegerField("Downgrade above % of the budget");
    final ComboBox<String> downgradeTo;
    final Checkbox contentPolicyFallback = new Checkbox("Try a content-policy refusal on another provider");
    final Paragraph formError = new Paragraph();
    final Button save = new Button("Save");
    final Button addTarget = new Button("Add target", VaadinIcon.PLUS.create());
    final Button addFallback = new Button("Add fallback", VaadinIcon.PLUS.create());

    private final VerticalLayout targetList = new VerticalLayout();
    private final VerticalLayout fallbackList = new VerticalLayout();
    private final RouteStore store;
    private final Route original;
    private final Collection<String> models;
    private final Runnable afterSave;

    /** @param original the route edited; null for a new one */
    RouteDialog(RouteStore store, Route original, Collection<String> models, Runnable afterSave) {
        this.store = store;
        this.original = original;
        this.afterSave = afterSave;
        Set<String> choices = new LinkedHashSet<>(models);
        if (original != null) {
            original.targets().forEach(target -> choices.add(target.model()));
            choices.addAll(original.fallback());
        }
        this.models = List.copyOf(choices);
        setHeaderTitle(original == null ? "New route" : "Edit route " + original.name());
        setWidth("44rem");

        name.setRequiredIndicatorVisible(true);
        name.setMaxLength(Route.NAME_LENGTH);
        name.setHelperText("The model name applications send, such as chat-default (or a catalog name to route it).");
        strategy.setLabel("Strategy");
        strategy.setItems(Route.Strategy.values());
        strategy.setItemLabelGenerator(RouteDialog::strategyLabel);
        retries.setMin(0);
        retries.setMax(Route.MAX_RETRIES);
        retries.setStepButtonsVisible(true);
        retries.setHelperText("Tried again on 429, 5xx, timeouts before the first byte; then the next target.");
        cacheTtl.setHelperText("Seconds (3600) or 90s, 30m, 1h, 1d; empty: no response cache.");
        cacheTtl.setMaxLength(40);
        downgradeAbove.setMin(1);
        downgradeAbove.setMax(100);
        downgradeAbove.setHelperText("Empty: never downgrade.");
        downgradeTo = modelField("Downgrade to");
        addTarget.addClickListener(click -> addTarget(null, 1));
        addFallback.addClickListener(click -> addFallback(null));
        targetList.setPadding(false);
        fallbackList.setPadding(false);
        formError.setId("route-form-error");
        formError.getStyle().set("color", "var(--lumo-error-text-color)");
        formError.setVisible(false);

        Route shown = original != null ? original
                : new Route("", null, Route.Strategy.WEIGHTED, 1, null, List.of(new Route.Target("", 1)), List.of(), null, false, false);
        name.setValue(shown.name());
        strategy.setValue(shown.strategy());
        retries.setValue(shown.retries());
        cacheTtl.setValue(TtlText.format(shown.cacheTtl()));
        shown.targets().forEach(target -> addTarget(target.model(), target.weight()));
        shown.fallback().forEach(this::addFallback);
        if (shown.downgrade() != null) {
            downgradeAbove.setValue(shown.downgrade().abovePercent());
            downgradeTo.setValue(shown.downgrade().to());
        }
        contentPolicyFallback.setValue(shown.contentPolicyFallback());

        add(formError, new FormLayout(name, strategy, retries, cacheTtl),
                new H4("Targets"), targetList, addTarget,
                new H4("Fallbacks, tried in order after the targets"), fallbackList, addFallback,
                new H4("Budget-aware downgrade"), new FormLayout(downgradeAbove, downgradeTo), contentPolicyFallback);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER, KeyModifier.CONTROL);
        save.setTooltipText("Ctrl+Enter");
        save.addClickListener(click -> save());
        getFooter().add(new Button("Cancel", click -> close()), save);
        name.focus();
    }

    private ComboBox<String> modelField(String label) {
        ComboBox<String> field = new ComboBox<>(label);
        field.setItems(models);
        field.setAllowCustomValue(true);
        field.addCustomValueSetListener(custom -> field.setValue(custom.getDetail()));
        field.setPlaceholder("provider/model");
        field.setWidthFull();
        return field;
    }

    private void addTarget(String model, int weight) {
        ComboBox<String> modelField = modelField(targetRows.isEmpty() ? "Model" : null);
        modelField.setAriaLabel("Model of target " + (targetRows.size() + 1));
        modelField.setValue(model);
        IntegerField weightField = new IntegerField(targetRows.isEmpty() ? "Weight" : null);
        weightField.setAriaLabel("Weight of target " + (targetRows.size() + 1));
        weightField.setValue(weight);
        weightField.setMin(1);
        weightField.setMax(MAX_WEIGHT);
        weightField.setWidth("8rem");
        HorizontalLayout row = new HorizontalLayout(modelField, weightField);
        TargetRow target = new TargetRow(modelField, weightField, row);
        row.add(removeButton("Remove target", () -> {
            targetRows.remove(target);
            targetList.remove(row);
            addTarget.setEnabled(true);
        }));
        row.setWidthFull();
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        targetRows.add(target);
        targetList.add(row);
        addTarget.setEnabled(targetRows.size() < Route.MAX_TARGETS);
        if (model == null) {
            modelField.focus();
        }
    }

    private void addFallback(String model) {
        ComboBox<String> modelField = modelField(null);
        modelField.setAriaLabel("Fallback " + (fallbackRows.size() + 1));
        modelField.setValue(model);
        HorizontalLayout row = new HorizontalLayout(modelField);
        FallbackRow fallback = new FallbackRow(modelField, row);
        Button up = new Button(VaadinIcon.ARROW_UP.create(), click -> moveUp(fallback));
        up.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        up.setAriaLabel("Try earlier");
        up.setTooltipText("Try earlier");
        row.add(up, removeButton("Remove fallback", () -> {
            fallbackRows.remove(fallback);
            fallbackList.remove(row);
            addFallback.setEnabled(true);
        }));
        row.setWidthFull();
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        fallbackRows.add(fallback);
        fallbackList.add(row);
        addFallback.setEnabled(fallbackRows.size() < Route.MAX_TARGETS);
        if (model == null) {
            modelField.focus();
        }
    }

    void moveUp(FallbackRow fallback) {
        int index = fallbackRows.indexOf(fallback);
        if (index > 0) {
            fallbackRows.remove(index);
            fallbackRows.add(index - 1, fallback);
            fallbackList.removeAll();
            fallbackRows.forEach(row -> fallbackList.add(row.row()));
        }
    }

    private static Button removeButton(String label, Runnable remove) {
        Button button = new Button(VaadinIcon.CLOSE_SMALL.create(), click -> remove.run());
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        button.setAriaLabel(label);
        button.setTooltipText(label);
        return button;
    }

    void save() {
        formError.setVisible(false);
        Route route = read();
        if (route == null) {
            return;
        }
        boolean renamed = original != null && !original.name().equals(route.name());
        if ((original == null || renamed) && store.list().stream().anyMatch(other -> other.name().equals(route.name()))) {
            mark(name, "There is a route of this name already: edit that one, or pick another name.");
            return;
        }
        try {
            store.save(route);
            if (renamed) {
                store.delete(original.name());
            }
        } catch (IllegalArgumentException | AccessDeniedException refused) {
            formError.setText(refused.getMessage());
            formError.setVisible(true);
            return;
        }
        afterSave.run();
        close();
    }

    /** The route the fields describe; null, with the fields that are wrong marked, when they describe none. */
    private Route read() {
        List<HasValidation> fields = new ArrayList<>(List.<HasValidation>of(name, retries, cacheTtl, downgradeAbove, downgradeTo));
        targetRows.forEach(row -> fields.addAll(List.of(row.model(), row.weight())));
        fallbackRows.forEach(row -> fields.add(row.model()));
        fields.forEach(field -> field.setInvalid(false));
        boolean valid = true;
        String routeName = name.getValue().strip();
        if (routeName.isEmpty()) {
            valid = mark(name, "Name the route: the model name clients send.");
        }
        Integer retryCount = retries.getValue();
        if (retryCount == null || retryCount < 0 || retryCount > Route.MAX_RETRIES) {
            valid = mark(retries, "A whole number from 0 to " + Route.MAX_RETRIES + ".");
        }
        Duration ttl = null;
        try {
            ttl = TtlText.parse(cacheTtl.getValue());
            if (ttl != null && (ttl.toSeconds() < 1 || ttl.compareTo(Route.LONGEST_CACHE_TTL) > 0)) {
                valid = mark(cacheTtl, "From 1 second to 30 days.");
            }
        } catch (IllegalArgumentException notADuration) {
            valid = mark(cacheTtl, notADuration.getMessage());
        }
        List<Route.Target> targets = new ArrayList<>();
        for (TargetRow row : targetRows) {
            String model = modelOf(row.model());
            Integer weight = row.weight().getValue();
            if (model == null) {
                valid = mark(row.model(), "Pick the model this target calls.");
            }
            if (weight == null || weight < 1 || weight > MAX_WEIGHT) {
                valid = mark(row.weight(), "A weight is a whole number from 1 to " + MAX_WEIGHT + ".");
            }
            if (model != null && weight != null) {
                targets.add(new Route.Target(model, weight));
            }
        }
        if (targetRows.isEmpty()) {
            formError.setText("Add at least one target.");
            formError.setVisible(true);
            valid = false;
        }
        List<String> fallback = new ArrayList<>();
        for (FallbackRow row : fallbackRows) {
            String model = modelOf(row.model());
            if (model == null) {
                valid = mark(row.model(), "Pick a model, or remove this fallback.");
            }
            fallback.add(model);
        }
        Route.Downgrade downgrade = null;
        String downgradeModel = modelOf(downgradeTo);
        Integer above = downgradeAbove.getValue();
        if (above != null && (above < 1 || above > 100)) {
            valid = mark(downgradeAbove, "A percentage from 1 to 100.");
        } else if (above != null && downgradeModel == null) {
            valid = mark(downgradeTo, "Pick the cheaper model to use above " + above + " %.");
        } else if (above == null && downgradeModel != null) {
            valid = mark(downgradeAbove, "Say above which share of the budget to use " + downgradeModel + ".");
        } else if (above != null) {
            downgrade = new Route.Downgrade(above, downgradeModel);
        }
        return valid ? new Route(routeName, null, strategy.getValue(), retryCount, ttl, targets, fallback, downgrade,
                contentPolicyFallback.getValue(), false) : null;
    }

    private static String modelOf(ComboBox<String> field) {
        String model = field.getValue();
        return model == null || model.isBlank() ? null : model.strip();
    }

    private static boolean mark(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
        return false;
    }

    static String strategyLabel(Route.Strategy strategy) {
        return switch (strategy) {
            case WEIGHTED -> "weighted";
            case LEAST_BUSY -> "least busy";
            case LOWEST_COST -> "lowest cost that is up";
        };
    }
}
