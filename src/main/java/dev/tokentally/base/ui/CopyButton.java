package dev.tokentally.base.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;

/** Copies a text (a secret, a snippet) to the clipboard in the browser, and says so. */
public class CopyButton extends Button {

    private final String text;

    public CopyButton(String what, String text) {
        super("Copy", VaadinIcon.COPY_O.create());
        this.text = text;
        setAriaLabel("Copy " + what);
        setTooltipText("Copy " + what + " to the clipboard");
        addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        addClickListener(click -> {
            getElement().executeJs("return navigator.clipboard.writeText($0)", text);
            setText("Copied");
        });
    }

    /** What a click puts on the clipboard. */
    public String text() {
        return text;
    }
}
