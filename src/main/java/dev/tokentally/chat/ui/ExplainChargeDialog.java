package dev.tokentally.chat.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.pricing.CostBreakdown;
import dev.tokentally.usage.ChargeExplanation;
import dev.tokentally.usage.UsageEvent;

/**
 * Why an answer cost what it did: each token part × its unit price under the price version that
 * applied, then markup, volume discount and exchange rate, down to the billed amount the ledger holds.
 */
class ExplainChargeDialog extends Dialog {

    /** @param zone the organization's: times read as in the thread list */
    ExplainChargeDialog(ChargeExplanation explanation, ZoneId zone) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ENGLISH).withZone(zone);
        UsageEvent event = explanation.event();
        setHeaderTitle("How this answer was charged");
        setWidth("44rem");
        add(new Paragraph(event.provider() + " / " + event.model() + ", " + day.format(event.occurredAt())
                + (event.estimated() ? " — token counts estimated (the provider reported none)" : "")));
        CostBreakdown breakdown = explanation.breakdown();
        if (!breakdown.priced()) {
            add(new Paragraph("No price was in effect for this model when the answer was given, so it is not billed yet. "
                    + "It is priced as soon as the catalog has a price for that date."));
        } else {
            Grid<CostBreakdown.Line> lines = new Grid<>();
            lines.setId("charge-lines");
            lines.addColumn(line -> line.part().label()).setHeader("Part").setAutoWidth(true);
            lines.addColumn(line -> TokenText.count(line.quantity())).setHeader("Tokens").setAutoWidth(true);
            lines.addColumn(line -> "USD " + line.unitPrice().stripTrailingZeros().toPlainString() + " / 1M")
                    .setHeader("Unit price").setAutoWidth(true);
            lines.addColumn(line -> "USD " + plain(line.amount())).setHeader("Amount").setAutoWidth(true);
            lines.setItems(breakdown.lines());
            lines.setAllRowsVisible(true);
            add(lines);
            add(row("Price version", "#" + breakdown.price().id() + ", in effect from "
                    + day.format(breakdown.price().effectiveFrom()) + (breakdown.longContext() ? " (long-context prices)" : "")));
            add(row("Provider cost", "USD " + plain(event.cost().rawCostUsd())));
            add(row("Markup", explanation.markupPercent().stripTrailingZeros().toPlainString() + " % → USD "
                    + plain(explanation.markedUpUsd())));
            if (explanation.payableShare().compareTo(BigDecimal.ONE) != 0) {
                add(row("Volume discount", "pays " + explanation.payableShare().movePointRight(2)
                        .setScale(2, RoundingMode.HALF_UP).toPlainString() + " % of the marked-up cost"));
            }
            add(row("Exchange rate", "1 USD = " + explanation.unitsPerUsd().stripTrailingZeros().toPlainString() + " "
                    + explanation.currency()));
            Money billed = new Money(event.cost().billedCost(), event.cost().billedCurrency());
            Span total = new Span(MoneyText.format(billed) + " (exactly " + plain(event.cost().billedCost()) + ")");
            total.setId("charge-billed");
            add(row("Billed", total));
        }
        getFooter().add(new Button("Close", click -> close()));
    }

    private static Div row(String label, String value) {
        return row(label, new Span(value));
    }

    private static Div row(String label, Span value) {
        Span name = new Span(label);
        name.getStyle().set("display", "inline-block").set("min-width", "10rem").set("color", "var(--lumo-secondary-text-color)");
        return new Div(name, value);
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
