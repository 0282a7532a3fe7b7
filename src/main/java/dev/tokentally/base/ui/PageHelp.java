package dev.tokentally.base.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.theme.lumo.LumoUtility;

/** A page's one-line description, with the longer explanation behind a "?" (a tooltip; also read by screen readers). */
public class PageHelp extends Div {

    private final Icon more = VaadinIcon.QUESTION_CIRCLE_O.create();

    public PageHelp(String line, String details) {
        Span summary = new Span(line);
        more.setSize("var(--lumo-icon-size-s)");
        more.setTooltipText(details);
        more.getElement().setAttribute("aria-label", details);
        more.getElement().setAttribute("tabindex", "0");
        more.addClassNames(LumoUtility.TextColor.SECONDARY);
        add(summary, more);
        addClassNames(LumoUtility.Display.FLEX, LumoUtility.Gap.SMALL, LumoUtility.AlignItems.CENTER,
                LumoUtility.TextColor.SECONDARY);
    }

    /** The explanation behind the "?". */
    public String details() {
        return more.getTooltip().getText();
    }
}
