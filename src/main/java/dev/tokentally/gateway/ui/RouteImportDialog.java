package dev.tokentally.gateway.ui;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextArea;
import dev.tokentally.gateway.routing.Route;
import org.springframework.security.access.AccessDeniedException;

/**
 * Replaces the stored routes by a pasted {@code routes:} document, after asking: all of them or, when the document
 * is wrong anywhere, none (the error is shown on the text and nothing changes).
 */
class RouteImportDialog extends Dialog {

    /** As long as the routes service reads a document. */
    static final int MAX_CHARS = 1_000_000;

    final TextArea yaml = new TextArea("Routes (YAML)");
    final Button replace = new Button("Replace routes…");

    private final RouteStore store;
    private final Runnable afterImport;
    private final String scope;

    RouteImportDialog(RouteStore store, String scope, Runnable afterImport) {
        this.store = store;
        this.afterImport = afterImport;
        this.scope = scope;
        setHeaderTitle("Import routes");
        setWidth("44rem");
        yaml.setWidthFull();
        yaml.setMinHeight("16rem");
        yaml.setMaxLength(MAX_CHARS);
        yaml.setPlaceholder(RoutesSection.EXAMPLE);
        yaml.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        add(new Paragraph("Paste a routes document (as Export YAML writes it). Importing replaces all of " + scope
                + " stored routes by the document's; routes of the routes file stay as they are. If any route is wrong, "
                + "nothing is changed."), yaml);
        replace.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        replace.addClickListener(click -> confirm());
        getFooter().add(new Button("Cancel", click -> close()), replace);
        yaml.focus();
    }

    private void confirm() {
        if (yaml.getValue().isBlank()) {
            yaml.setErrorMessage("Paste a routes document first.");
            yaml.setInvalid(true);
            return;
        }
        int stored = (int) store.list().stream().filter(route -> !route.fromFile()).count();
        ConfirmDialog confirm = new ConfirmDialog("Replace the stored routes?", "This replaces " + scope + " stored routes ("
                + stored + " now) by the document's.", "Replace", confirmed -> importNow());
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    void importNow() {
        yaml.setInvalid(false);
        List<Route> imported;
        try {
            imported = store.importYaml(yaml.getValue());
        } catch (IllegalArgumentException | AccessDeniedException refused) {
            yaml.setErrorMessage(refused.getMessage());
            yaml.setInvalid(true);
            return;
        }
        afterImport.run();
        close();
        Notification.show("Imported " + imported.size() + " route" + (imported.size() == 1 ? "." : "s."));
    }
}
