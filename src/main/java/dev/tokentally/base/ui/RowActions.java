package dev.tokentally.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/** A grid row's Edit and Delete buttons; Delete asks first. */
public final class RowActions {

    private RowActions() {
    }

    public static Component editAndDelete(Runnable edit, String confirmHeader, String confirmText, Runnable delete) {
        Button editButton = new Button("Edit", click -> edit.run());
        editButton.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        Button deleteButton = new Button("Delete", click -> DialogButtons.confirmDelete(confirmHeader, confirmText, delete));
        deleteButton.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        return new HorizontalLayout(editButton, deleteButton);
    }
}
