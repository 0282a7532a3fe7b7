package dev.tokentally.reporting;

import static dev.tokentally.base.HtmlPdf.e;

import java.math.BigDecimal;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.function.Function;

import dev.tokentally.base.HtmlPdf;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;

/** A chargeback statement as PDF, laid out and rendered as invoices are (see {@link HtmlPdf}). */
public final class ChargebackPdf {

    private ChargebackPdf() {
    }

    public static byte[] render(ChargebackStatement statement) {
        Function<BigDecimal, String> money = amount -> MoneyText.format(new Money(amount, statement.currency()));
        boolean teams = statement.spansSubTeams();
        StringBuilder rows = new StringBuilder();
        for (ChargebackStatement.Line line : statement.lines()) {
            rows.append("<tr>");
            if (teams) {
                rows.append("<td>").append(e(line.team())).append("</td>");
            }
            rows.append("<td>").append(e(line.model())).append("</td><td>").append(e(line.member()))
                    .append("</td><td class=\"n\">").append(e(HtmlPdf.count(line.requests())))
                    .append("</td><td class=\"n\">").append(e(HtmlPdf.count(line.tokens())))
                    .append("</td><td class=\"n\">").append(e(money.apply(line.amount()))).append("</td></tr>");
        }
        String month = statement.month().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
                + statement.month().getYear();
        String html = """
                <html><head><style>
                @page { size: A4; margin: 18mm 16mm 24mm 16mm; }
                body { font-family: 'Invoice Sans'; font-size: 10pt; color: #1a1a1a; }
                h1 { font-size: 18pt; margin: 0 0 4mm 0; }
                .muted { color: #666; }
                table { width: 100%%; border-collapse: collapse; }
                .lines th { text-align: left; border-bottom: 1px solid #999; padding: 2mm 1mm; }
                .lines td { border-bottom: 1px solid #ddd; padding: 1.5mm 1mm; }
                .n { text-align: right; }
                .total td { font-size: 12pt; border-top: 1px solid #999; padding: 1mm; }
                </style></head><body>
                <table><tr><td><h1>Chargeback statement</h1><div>%s</div><div class="muted">%s</div></td>
                <td class="n"><strong>%s</strong><br/>Tokentally usage billing</td></tr></table>
                <table class="lines" style="margin-top: 8mm;"><thead><tr>%s<th>Model</th><th>Member</th>
                <th class="n">Requests</th><th class="n">Tokens</th><th class="n">Amount</th></tr></thead><tbody>%s</tbody>
                <tr class="total"><td colspan="%d"><strong>Total</strong></td><td class="n"><strong>%s</strong></td></tr></table>
                <p class="muted" style="margin-top: 6mm;">%s</p>
                <p class="muted">%s</p>
                </body></html>
                """.formatted(e("Team " + statement.teamName()), e(month), e(statement.organizationName()),
                teams ? "<th>Team</th>" : "", rows, teams ? 5 : 4, e(money.apply(statement.total())),
                e("Each line's amount is its exact cost rounded once, half-up, to the currency's smallest unit; the total "
                        + "is the sum of the rounded lines. Amounts in " + statement.currency()
                        + ", the agreed markup included, no tax."),
                statement.unpricedEvents() == 0 ? "" : e(HtmlPdf.count(statement.unpricedEvents())
                        + " usage events of the month have no price yet and are not charged here."));
        return HtmlPdf.pdf(html);
    }
}
