package dev.tokentally.pricing.ui;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.AuditLog;
import dev.tokentally.pricing.CatalogModel;
import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.pricing.PriceHistoryEntry;
import dev.tokentally.pricing.PriceOverlapException;
import dev.tokentally.pricing.PriceSheet;
import dev.tokentally.pricing.PriceVersion;

/**
 * One model: its price now, a form for a new price version, the version history and the audit trail.
 * A start in the past asks first and says what it will re-price.
 */
class ModelPriceDialog extends Dialog {

    final BigDecimalField input = priceField("Input");
    final BigDecimalField cachedInput = priceField("Cached input");
    final BigDecimalField cacheWrite5m = priceField("Cache write (5 min)");
    final BigDecimalField cacheWrite1h = priceField("Cache write (1 h)");
    final BigDecimalField output = priceField("Output");
    final BigDecimalField reasoning = priceField("Reasoning");
    final BigDecimalField perRequest = new BigDecimalField("Per request (USD)");
    final DateTimePicker effectiveFrom = new DateTimePicker("Effective from (UTC)");
    final TextField note = new TextField("Note");
    final Button save = new Button("Save new price");
    final Checkbox enabled = new Checkbox("Enabled: members may use it and usage is priced");
    final Grid<PriceHistoryEntry> history = new Grid<>(PriceHistoryEntry.class, false);
    final Grid<AuditLog.Entry> changes = new Grid<>(AuditLog.Entry.class, false);

    private final PriceCatalog catalog;
    private final long modelId;
    private final Runnable afterChange;
    private final Clock clock;
    private CatalogModel model;

    ModelPriceDialog(PriceCatalog catalog, Clock clock, long modelId, Runnable afterChange) {
        this.catalog = catalog;
        this.clock = clock;
        this.modelId = modelId;
        this.afterChange = afterChange;
        this.model = catalog.model(modelId);
        setHeaderTitle(model.providerName() + " · " + model.name());
        setWidth("56rem");

        enabled.setValue(model.enabled());
        enabled.addValueChangeListener(event -> {
            if (event.isFromClient()) {
                catalog.setEnabled(modelId, event.getValue());
                afterChange.run();
                refreshHistory();
            }
        });
        String aliases = model.aliases().isEmpty() ? "" : " Also reported as: " + String.join(", ", model.aliases()) + ".";
        Paragraph facts = new Paragraph("Context window " + orDash(model.contextWindow()) + " tokens, max output "
                + orDash(model.maxOutputTokens()) + "." + aliases);

        // A fixed height, so the histories are read page by page as they scroll (all rows visible would read them all).
        history.setHeight("14rem");
        changes.setHeight("14rem");
        add(new VerticalLayout(facts, enabled, new H4("New price"), newPriceForm(), new H4("Price history"), history,
                new H4("Changes"), changes));

        history.addColumn(entry -> PriceText.when(entry.version().effectiveFrom())).setHeader("From").setAutoWidth(true);
        history.addColumn(entry -> entry.effectiveTo() == null ? "now" : PriceText.when(entry.effectiveTo()))
                .setHeader("To").setAutoWidth(true);
        history.addColumn(entry -> entry.version().describe()).setHeader("Prices per 1M (USD)").setFlexGrow(1);
        history.addColumn(entry -> entry.source().name()).setHeader("Source").setAutoWidth(true);
        history.addColumn(PriceHistoryEntry::createdBy).setHeader("By").setAutoWidth(true);
        history.addColumn(entry -> entry.note() == null ? "" : entry.note()).setHeader("Note");
        changes.addColumn(entry -> PriceText.when(entry.at())).setHeader("When").setAutoWidth(true);
        changes.addColumn(AuditLog.Entry::actor).setHeader("Who").setAutoWidth(true);
        changes.addColumn(AuditLog.Entry::action).setHeader("What");
        changes.addColumn(entry -> entry.before() == null ? "—" : entry.before()).setHeader("Before");
        changes.addColumn(AuditLog.Entry::after).setHeader("After");
        refreshHistory();

        getFooter().add(new Button("Close", event -> close()));
    }

    private FormLayout newPriceForm() {
        PriceVersion current = model.currentPrice();
        if (current != null) {
            PriceSheet base = current.base();
            input.setValue(base.input());
            cachedInput.setValue(base.cachedInput());
            cacheWrite5m.setValue(base.cacheWrite5m());
            cacheWrite1h.setValue(base.cacheWrite1h());
            output.setValue(base.output());
            reasoning.setValue(base.reasoning());
            perRequest.setValue(current.perRequest());
        }
        input.setRequired(true);
        output.setRequired(true);
        cachedInput.setHelperText("Empty: the input price");
        reasoning.setHelperText("Empty: the output price");
        effectiveFrom.setValue(LocalDateTime.now(clock).truncatedTo(ChronoUnit.MINUTES));
        effectiveFrom.setHelperText("A past start re-prices uninvoiced usage since then");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(event -> confirmAndSave());
        FormLayout form = new FormLayout(input, cachedInput, cacheWrite5m, cacheWrite1h, output, reasoning, perRequest,
                effectiveFrom, note, save);
        if (current != null && current.longContext() != null) {
            form.add(new Paragraph("The long-context prices (above " + current.longContextThreshold()
                    + " input tokens) carry over to the new version: " + current.longContext().describe()));
        }
        return form;
    }

    private void confirmAndSave() {
        List<BigDecimalField> fields = List.of(input, cachedInput, cacheWrite5m, cacheWrite1h, output, reasoning, perRequest);
        boolean valid = true;
        for (BigDecimalField field : fields) {
            field.setInvalid(false);
            if (field.getValue() != null && field.getValue().signum() < 0) {
                markInvalid(field, "A price cannot be negative");
                valid = false;
            }
        }
        for (BigDecimalField field : List.of(input, output)) {
            if (field.getValue() == null) {
                markInvalid(field, "Required");
                valid = false;
            }
        }
        effectiveFrom.setInvalid(false);
        if (effectiveFrom.getValue() == null) {
            effectiveFrom.setErrorMessage("Required");
            effectiveFrom.setInvalid(true);
            valid = false;
        }
        if (!valid) {
            return;
        }
        Instant start = effectiveFrom.getValue().toInstant(ZoneOffset.UTC);
        if (start.isBefore(clock.instant().minus(1, ChronoUnit.MINUTES))) {
            OptionalLong affected = catalog.eventsToReprice(modelId, start);
            String impact = affected.isPresent()
                    ? affected.getAsLong() + " uninvoiced usage events since then will be re-priced."
                    : "No usage has been recorded yet, so nothing is re-priced now.";
            ConfirmDialog confirm = new ConfirmDialog("Start this price in the past?",
                    "It applies to calls from " + PriceText.when(start) + " on. " + impact, "Save price",
                    confirmed -> save(start));
            confirm.setCancelable(true);
            confirm.open();
        } else {
            save(start);
        }
    }

    private void save(Instant start) {
        PriceVersion current = model.currentPrice();
        PriceVersion prices = new PriceVersion(null, start,
                new PriceSheet(input.getValue(), cachedInput.getValue(), cacheWrite5m.getValue(), cacheWrite1h.getValue(),
                        output.getValue(), reasoning.getValue()),
                perRequest.getValue() == null ? BigDecimal.ZERO : perRequest.getValue(),
                current == null ? null : current.longContextThreshold(), current == null ? null : current.longContext());
        try {
            catalog.addVersion(modelId, prices, start, note.getValue().isBlank() ? null : note.getValue().trim());
        } catch (PriceOverlapException overlap) {
            effectiveFrom.setErrorMessage(overlap.getMessage());
            effectiveFrom.setInvalid(true);
            return;
        } catch (IllegalArgumentException refused) {
            Notification.show(refused.getMessage(), 5000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        model = catalog.model(modelId);
        refreshHistory();
        afterChange.run();
        Notification.show("New price of " + model.name() + " saved", 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    private void refreshHistory() {
        history.setItems(query -> catalog.history(modelId, query.getOffset(), query.getLimit()).stream());
        changes.setItems(query -> catalog.auditTrail(modelId, query.getOffset(), query.getLimit()).stream());
    }

    private static void markInvalid(BigDecimalField field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private static BigDecimalField priceField(String label) {
        BigDecimalField field = new BigDecimalField(label + " / 1M (USD)");
        field.setClearButtonVisible(true);
        return field;
    }

    private static String orDash(Integer value) {
        return value == null ? "—" : String.format("%,d", value);
    }
}
