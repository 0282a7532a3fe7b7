package dev.tokentally.invoicing.ui;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.DateFields;
import dev.tokentally.base.ui.DateText;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.InvoiceLine;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.invoicing.Seller;

/**
 * One document with its lines and the actions its status allows: a draft is recomputed, issued or
 * deleted; an issued invoice is marked paid or voided; any issued document is downloaded or sent again.
 */
class InvoiceDialog extends Dialog {

    final Grid<InvoiceLine> lines = new Grid<>();
    final Span status = new Span();
    final FlexLayout actions = new FlexLayout();

    private final Invoices invoices;
    private final Runnable changed;
    private final Clock clock;
    private Invoice invoice;

    InvoiceDialog(Invoice invoice, Invoices invoices, Clock clock, Runnable changed) {
        this.invoices = invoices;
        this.clock = clock;
        this.changed = changed;
        setWidth("56rem");
        lines.addColumn(InvoiceLine::description).setHeader("Description").setFlexGrow(1);
        lines.addColumn(line -> String.format("%,d", line.quantity())).setHeader("Quantity").setAutoWidth(true);
        lines.addColumn(line -> line.unitPrice().stripTrailingZeros().toPlainString() + " / "
                + (line.description().endsWith("requests") ? "request" : "1M")).setHeader("Unit price").setAutoWidth(true);
        lines.addColumn(line -> MoneyText.format(new Money(line.amount(), this.invoice.amounts().currency()))).setHeader("Amount")
                .setAutoWidth(true);
        lines.setAllRowsVisible(true);
        lines.setEmptyStateText("No usage to bill in this draft.");
        actions.getStyle().set("gap", "var(--lumo-space-s)").set("flex-wrap", "wrap");
        show(invoice);
        getFooter().add(new Button("Close", click -> close()));
    }

    private void show(Invoice shown) {
        this.invoice = shown;
        removeAll();
        setHeaderTitle(shown.title());
        status.setText(shown.status().name().charAt(0) + shown.status().name().substring(1).toLowerCase());
        status.getElement().getThemeList().clear();
        status.getElement().getThemeList().add("badge " + switch (shown.status()) {
            case DRAFT -> "contrast";
            case ISSUED -> "";
            case PAID -> "success";
            case VOID -> "error";
        });
        lines.setItems(invoices.lines(shown.id()));
        add(new Div(status, new Span("  " + shown.coverage() + " · " + shown.events() + " usage events")));
        if (shown.status() == Invoice.Status.PAID) {
            add(paidMark(shown));
        }
        add(details(shown), lines, totals(shown));
        if (invoices.seller().reverseCharge(shown.billTo().taxRatePercent(), shown.billTo().vatId())) {
            Div note = new Div(Seller.REVERSE_CHARGE_NOTE);
            note.setId("invoice-reverse-charge");
            add(note);
        }
        add(actions(shown));
    }

    /** The stamp a paid invoice's PDF carries, as a banner. */
    private static Div paidMark(Invoice shown) {
        Div mark = new Div("PAID " + DateText.format(shown.lifecycle().paidDate()));
        mark.setId("invoice-paid-mark");
        mark.getStyle().set("color", "var(--lumo-success-text-color)").set("font-weight", "bold")
                .set("font-size", "var(--lumo-font-size-l)");
        return mark;
    }

    private Div details(Invoice shown) {
        Div details = new Div();
        Invoice.Lifecycle lifecycle = shown.lifecycle();
        Invoice.BillTo billTo = shown.billTo();
        Seller from = invoices.seller();
        Div seller = new Div("From " + from.identityLine() + (from.hasBankAccount() ? " · " + from.bankLine() : ""));
        seller.setId("invoice-seller");
        details.add(seller);
        String vatId = billTo.vatId() == null ? "" : " (VAT id " + billTo.vatId() + ")";
        if (shown.number() != null) {
            details.add(new Div(new Span("Issued " + DateText.format(lifecycle.issueDate())
                    + (lifecycle.dueDate() == null ? "" : ", due " + DateText.format(lifecycle.dueDate()))
                    + " · billed to " + billTo.name() + vatId + (billTo.email() == null ? "" : " <" + billTo.email() + ">"))));
        } else {
            details.add(new Div(new Span("Draft: it is computed from the ledger and gets its number when issued."
                    + (vatId.isEmpty() ? "" : " Customer" + vatId + "."))));
        }
        if (lifecycle.paidDate() != null) {
            details.add(new Div(new Span("Paid " + DateText.format(lifecycle.paidDate())
                    + (lifecycle.paidReference() == null ? "" : " · " + lifecycle.paidReference()))));
        }
        if (lifecycle.voidReason() != null) {
            details.add(new Div(new Span("Voided: " + lifecycle.voidReason())));
        }
        return details;
    }

    private Div totals(Invoice shown) {
        Div totals = new Div();
        totals.getStyle().set("text-align", "right");
        totals.add(new Div("Subtotal " + money(shown.amounts().subtotal(), shown)));
        if (shown.amounts().volumeDiscount().signum() > 0) {
            totals.add(new Div("Volume discount (included) " + money(shown.amounts().volumeDiscount().negate(), shown)));
        }
        Invoice.Credits credits = shown.credits();
        if (credits != null) {
            Div applied = new Div("Credits applied " + money(credits.applied().negate(), shown));
            applied.setId("invoice-credits-applied");
            totals.add(applied);
        }
        Div tax = new Div("Tax " + shown.billTo().taxRatePercent().stripTrailingZeros().toPlainString() + " % "
                + money(shown.amounts().tax(), shown));
        tax.setId("invoice-tax");
        totals.add(tax);
        Div total = new Div("Total " + money(shown.amounts().total(), shown));
        total.setId("invoice-total");
        total.getStyle().set("font-weight", "bold");
        totals.add(total);
        if (credits != null && credits.remainingBalance() != null) {
            Div remaining = new Div("Remaining balance " + money(credits.remainingBalance(), shown));
            remaining.setId("invoice-remaining-balance");
            totals.add(remaining);
        }
        return totals;
    }

    private FlexLayout actions(Invoice shown) {
        actions.removeAll();
        switch (shown.status()) {
            case DRAFT -> {
                actions.add(button("Recompute", () -> invoices.regenerate(shown.id())));
                Button issue = new Button("Issue", click -> confirm("Issue " + shown.title() + "?",
                        "It gets its number, is frozen for good, and is mailed to the billing contact with its PDF.", "Issue",
                        () -> invoices.issue(shown.id())));
                issue.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                actions.add(issue);
                Button delete = new Button("Delete draft", click -> confirm("Delete this draft?",
                        "Nothing is billed; its usage stays available for the next invoice.", "Delete", () -> {
                            invoices.deleteDraft(shown.id());
                            return null;
                        }));
                delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
                actions.add(delete);
            }
            case ISSUED, PAID, VOID -> {
                if (shown.status() == Invoice.Status.ISSUED && shown.kind() == Invoice.Kind.INVOICE) {
                    actions.add(new Button("Mark paid", click -> markPaid(shown)));
                }
                if (shown.status() != Invoice.Status.VOID && shown.kind() == Invoice.Kind.INVOICE) {
                    Button voidIt = new Button("Void", click -> voidInvoice(shown));
                    voidIt.addThemeVariants(ButtonVariant.LUMO_ERROR);
                    actions.add(voidIt);
                }
                Anchor pdf = new Anchor(DownloadHandler.fromInputStream(download -> {
                    byte[] bytes = invoices.pdf(shown.id());
                    return new DownloadResponse(new ByteArrayInputStream(bytes), shown.number() + ".pdf", "application/pdf",
                            bytes.length);
                }), "Download PDF");
                pdf.setId("invoice-pdf");
                pdf.getElement().setAttribute("download", true);
                actions.add(pdf, button("Send the email again", () -> {
                    invoices.resend(shown.id());
                    return shown;
                }));
            }
        }
        return actions;
    }

    private Button button(String text, Supplier<Invoice> action) {
        return new Button(text, click -> run(action));
    }

    private void confirm(String header, String text, String confirmText, Supplier<Invoice> action) {
        ConfirmDialog confirm = new ConfirmDialog(header, text, confirmText, confirmed -> run(action));
        confirm.setCancelable(true);
        confirm.open();
    }

    private void run(Supplier<Invoice> action) {
        Invoice result;
        try {
            result = action.get();
        } catch (IllegalArgumentException | IllegalStateException refused) {
            Saving.showError(refused.getMessage());
            return;
        }
        changed.run();
        if (result == null) {
            close();
        } else {
            show(result.id() == invoice.id() ? result : invoices.get(invoice.id()));
        }
    }

    private void markPaid(Invoice shown) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Mark " + shown.number() + " paid");
        DatePicker paidOn = DateFields.iso(new DatePicker("Paid on", LocalDate.now(clock)));
        TextField reference = new TextField("Payment reference");
        reference.setMaxLength(200);
        Button save = new Button("Mark paid", click -> {
            try {
                show(invoices.markPaid(shown.id(), paidOn.getValue(), reference.getValue()));
            } catch (IllegalArgumentException invalid) {
                paidOn.setErrorMessage(invalid.getMessage());
                paidOn.setInvalid(true);
                return;
            } catch (IllegalStateException refused) {
                Saving.showError(refused.getMessage());
            }
            changed.run();
            dialog.close();
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        dialog.add(paidOn, reference);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
    }

    private void voidInvoice(Invoice shown) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Void " + shown.number() + "?");
        TextArea reason = new TextArea("Reason");
        reason.setWidthFull();
        reason.setMaxLength(Invoices.VOID_REASON_LENGTH);
        reason.setHelperText("Required. A credit note with its own number cancels the invoice; its usage is billed again "
                + "on the next invoice.");
        Button confirm = new Button("Void and issue credit note", click -> {
            try {
                invoices.voidInvoice(shown.id(), reason.getValue());
            } catch (IllegalArgumentException invalid) {
                reason.setErrorMessage(invalid.getMessage());
                reason.setInvalid(true);
                return;
            } catch (IllegalStateException refused) {
                Saving.showError(refused.getMessage());
                return;
            }
            changed.run();
            dialog.close();
            show(invoices.get(shown.id()));
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        dialog.add(reason);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), confirm);
        dialog.setWidth("32rem");
        dialog.open();
        reason.focus();
    }

    private static String money(BigDecimal amount, Invoice invoice) {
        return MoneyText.format(new Money(amount, invoice.amounts().currency()));
    }
}
