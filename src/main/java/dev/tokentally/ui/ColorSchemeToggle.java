package dev.tokentally.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.component.page.Page;

/** Switches between light and dark; the choice is remembered in the browser's local storage. */
class ColorSchemeToggle extends Button {

    private static final String STORAGE_KEY = "tokentally.colorScheme";

    ColorSchemeToggle() {
        addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        setId("color-scheme-toggle");
        setAriaLabel("Switch between light and dark");
        addClickListener(event -> apply(isDark() ? ColorScheme.Value.LIGHT : ColorScheme.Value.DARK, true));
        showIconFor(ColorScheme.Value.LIGHT);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        page().executeJs("return localStorage.getItem($0)", STORAGE_KEY).then(String.class, stored -> {
            if ("dark".equals(stored)) {
                apply(ColorScheme.Value.DARK, false);
            }
        });
    }

    boolean isDark() {
        return page().getColorScheme() == ColorScheme.Value.DARK;
    }

    private void apply(ColorScheme.Value scheme, boolean remember) {
        page().setColorScheme(scheme);
        showIconFor(scheme);
        if (remember) {
            page().executeJs("localStorage.setItem($0, $1)", STORAGE_KEY, scheme == ColorScheme.Value.DARK ? "dark" : "light");
        }
    }

    private void showIconFor(ColorScheme.Value scheme) {
        setIcon((scheme == ColorScheme.Value.DARK ? VaadinIcon.SUN_O : VaadinIcon.MOON_O).create());
        setTooltipText(scheme == ColorScheme.Value.DARK ? "Switch to light" : "Switch to dark");
    }

    private Page page() {
        return getUI().orElseThrow().getPage();
    }
}
