package dev.tokentally.apikeys.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.ui.CopyButton;

/** A key's secret, shown this once (only its hash is kept), with a button that copies it. */
class SecretDialog extends Dialog {

    static final String WARNING = "Copy the secret now: it is shown only this once and cannot be recovered.";

    final TextField secret = new TextField("Secret");
    final CopyButton copy;

    /** @param note what else the reader should know (the old secret's grace period), null for nothing */
    SecretDialog(String title, String value, String note) {
        setHeaderTitle(title);
        secret.setValue(value);
        secret.setReadOnly(true);
        secret.setId("new-api-key-secret");
        copy = new CopyButton("the secret", value);
        copy.setId("copy-api-key-secret");
        HorizontalLayout row = new HorizontalLayout(secret, copy);
        row.setWidthFull();
        row.setFlexGrow(1, secret);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        Paragraph warning = new Paragraph(WARNING);
        warning.getStyle().set("color", "var(--lumo-warning-text-color, var(--lumo-error-text-color))");
        add(warning, row);
        if (note != null) {
            add(new Paragraph(note));
        }
        getFooter().add(new Button("Done", event -> close()));
        setWidth("36rem");
        setMaxWidth("100%");
        setCloseOnOutsideClick(false);
    }
}
