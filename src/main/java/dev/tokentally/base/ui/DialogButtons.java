package dev.tokentally.base.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;

/** The buttons of a form dialog's footer: Delete at the start (it asks first, then closes the dialog), Cancel and Save at the end. */
public final class DialogButtons {

    private DialogButtons() {
    }

    /** @param delete deletes what the dialog edits once confirmed; null for something new, which has no Delete */
    public static void addToFooter(Dialog dialog, Button save, String confirmHeader, String confirmText, Runnable delete) {
        if (delete != null) {
            Button remove = new Button("Delete", click -> confirmDelete(confirmHeader, confirmText, () -> {
                delete.run();
                dialog.close();
            }));
            remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            remove.getStyle().set("margin-inline-end", "auto");
            dialog.getFooter().add(remove);
        }
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
    }

    /** Asks before deleting; the confirmation's button is red. */
    public static void confirmDelete(String header, String text, Runnable delete) {
        ConfirmDialog confirm = new ConfirmDialog(header, text, "Delete", confirmed -> delete.run());
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}
