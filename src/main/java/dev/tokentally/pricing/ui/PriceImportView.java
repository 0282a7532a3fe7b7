package dev.tokentally.pricing.ui;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.tokentally.base.Roles;
import dev.tokentally.pricing.ImportFormatException;
import dev.tokentally.pricing.ImportPreview;
import dev.tokentally.pricing.ImportedModel;
import dev.tokentally.pricing.PriceCatalog;
import dev.tokentally.pricing.PriceOverlapException;
import jakarta.annotation.security.RolesAllowed;

/**
 * Upload a LiteLLM price map (JSON) or Tokentally's CSV, see what it would change, then apply it as
 * new price versions, all or nothing.
 */
@Route("prices/import")
@PageTitle("Import prices")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class PriceImportView extends VerticalLayout {

    final Upload upload = new Upload();
    final Div problems = new Div();
    final VerticalLayout previewPanel = new VerticalLayout();
    final Paragraph summary = new Paragraph();
    final Grid<ImportedModel> newModels = new Grid<>(ImportedModel.class, false);
    final Grid<ImportPreview.PriceChange> changed = new Grid<>(ImportPreview.PriceChange.class, false);
    final DateTimePicker effectiveFrom = new DateTimePicker("New prices effective from (UTC)");
    final Button apply = new Button("Apply import");

    private final PriceCatalog catalog;
    private ImportPreview preview;

    PriceImportView(PriceCatalog catalog, Clock clock) {
        this.catalog = catalog;
        add(new Paragraph("Upload a LiteLLM model price map (.json, prices per token) or a Tokentally price list "
                + "(.csv, prices per 1M tokens, as the catalog's export writes it). Nothing changes until you apply."));

        upload.setUploadHandler(UploadHandler.inMemory((metadata, content) -> {
            UI ui = UI.getCurrent();
            ui.access(() -> showPreview(metadata.fileName(), content));
        }));
        upload.setAcceptedFileTypes(".json", ".csv", "application/json", "text/csv");
        upload.setMaxFiles(1);
        upload.setMaxFileSize(PriceCatalog.MAX_IMPORT_BYTES);
        upload.addFileRejectedListener(event -> showProblems(List.of(event.getErrorMessage()
                + " (JSON or CSV up to 10 MB)")));

        newModels.addColumn(ImportedModel::key).setHeader("Model").setAutoWidth(true);
        newModels.addColumn(model -> model.price().describe()).setHeader("Prices per 1M (USD)").setFlexGrow(1);
        newModels.setAllRowsVisible(true);
        changed.addColumn(change -> change.imported().key()).setHeader("Model").setAutoWidth(true);
        changed.addColumn(change -> change.current() == null ? "no price" : change.current().describe()).setHeader("Now");
        changed.addColumn(change -> change.imported().price().describe()).setHeader("After the import");
        changed.setAllRowsVisible(true);

        effectiveFrom.setValue(LocalDateTime.now(clock).truncatedTo(ChronoUnit.MINUTES));
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.addClickListener(event -> applyImport());
        previewPanel.setPadding(false);
        previewPanel.add(summary, new H3("New models"), newModels, new H3("Changed prices"), changed, effectiveFrom, apply);
        previewPanel.setVisible(false);
        problems.setId("import-problems");
        add(upload, problems, previewPanel);
    }

    void showPreview(String fileName, byte[] content) {
        problems.removeAll();
        try {
            preview = catalog.previewImport(fileName, content);
        } catch (ImportFormatException invalid) {
            showProblems(invalid.problems());
            return;
        }
        summary.setText(preview.fileName() + ": " + preview.newModels().size() + " new models, "
                + preview.changed().size() + " changed prices, " + preview.unchanged().size() + " unchanged, "
                + preview.aliases().size() + " new aliases of dated snapshots, " + preview.skipped() + " skipped (not chat models).");
        newModels.setItems(preview.newModels());
        changed.setItems(preview.changed());
        apply.setEnabled(!preview.changesNothing());
        apply.setText(preview.changesNothing() ? "Nothing to apply" : "Apply import");
        previewPanel.setVisible(true);
    }

    private void showProblems(List<String> messages) {
        previewPanel.setVisible(false);
        problems.removeAll();
        UnorderedList list = new UnorderedList();
        messages.stream().limit(50).forEach(message -> list.add(new ListItem(message)));
        problems.add(new Paragraph("The file was not imported:"), list);
        if (messages.size() > 50) {
            problems.add(new Paragraph("…and " + (messages.size() - 50) + " more problems."));
        }
    }

    private void applyImport() {
        if (effectiveFrom.getValue() == null) {
            effectiveFrom.setErrorMessage("Required");
            effectiveFrom.setInvalid(true);
            return;
        }
        try {
            catalog.applyImport(preview, effectiveFrom.getValue().toInstant(ZoneOffset.UTC));
        } catch (PriceOverlapException | ImportFormatException refused) {
            Notification.show("Nothing was imported: " + refused.getMessage(), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        Notification.show("Imported " + preview.fileName(), 4000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        upload.clearFileList();
        previewPanel.setVisible(false);
    }
}
