package dev.tokentally.invoicing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.accounts.UserAccountService;
import dev.tokentally.base.AuditLog;
import dev.tokentally.base.HtmlPdf;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.base.Roles;
import dev.tokentally.base.TokentallyProperties;
import dev.tokentally.mail.MailOutbox;
import dev.tokentally.mail.channels.AlertChannels;
import dev.tokentally.organizations.BillingDetails;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.usage.BillableEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invoice lifecycle: drafts computed from the ledger, issue (number, billing details, events claimed,
 * PDF, mail, all in one transaction), payment, and void with a credit note that releases the events.
 * Org admins work on their own organization, platform admins on any.
 */
@Service
@Transactional
public class Invoices {

    /** The longest reason for voiding, kept on the invoice and in the audit log. */
    public static final int VOID_REASON_LENGTH = 500;

    private final InvoiceStore store;
    private final InvoiceCalculator calculator;
    private final InvoiceCredits credits;
    private final BillableEvents usage;
    private final OrganizationService organizations;
    private final UserAccountService users;
    private final CurrentUser currentUser;
    private final MailOutbox outbox;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final AlertChannels channels;
    private final Clock clock;
    private final String baseUrl;

    Invoices(InvoiceStore store, InvoiceCalculator calculator, InvoiceCredits credits, BillableEvents usage, OrganizationService organizations,
             UserAccountService users, CurrentUser currentUser, MailOutbox outbox, AuditLog audit, JdbcClient jdbc,
             AlertChannels channels, Clock clock, TokentallyProperties site) {
        this.store = store;
        this.calculator = calculator;
        this.credits = credits;
        this.usage = usage;
        this.organizations = organizations;
        this.users = users;
        this.currentUser = currentUser;
        this.outbox = outbox;
        this.audit = audit;
        this.jdbc = jdbc;
        this.channels = channels;
        this.clock = clock;
        this.baseUrl = site.baseUrl();
    }

    /** @param organizationId a platform admin's filter (null for all); org admins always see their own */
    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<Invoice> page(Long organizationId, Invoice.Status status, int offset, int limit) {
        return store.page(scope(organizationId), status, offset, limit);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public long count(Long organizationId, Invoice.Status status) {
        return store.count(scope(organizationId), status);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public Invoice get(long id) {
        return readable(id);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public List<InvoiceLine> lines(long id) {
        return store.lines(readable(id).id());
    }

    @PreAuthorize(Roles.IS_ADMIN)
    @Transactional(readOnly = true)
    public byte[] pdf(long id) {
        Invoice invoice = readable(id);
        return store.pdf(invoice.id()).map(issued -> handedOut(invoice, issued))
                .orElseThrow(() -> new IllegalStateException("A draft has no PDF yet; issue it first"));
    }

    /** A draft of the period's usage, and of any earlier usage not invoiced yet; an existing draft is brought up to date. */
    @PreAuthorize(Roles.IS_ADMIN)
    public Invoice createDraft(long organizationId, LocalDate first, LocalDate last) {
        currentUser.requireAccessTo(organizationId);
        return draftFor(organizationId, first, last);
    }

    /** A draft with one line per model for the thread's usage not invoiced yet. */
    @PreAuthorize(Roles.IS_ADMIN)
    public Invoice createThreadDraft(long organizationId, long threadId, String threadTitle) {
        currentUser.requireAccessTo(organizationId);
        BillingDetails billing = organizations.billingDetails(organizationId);
        long id = jdbc.sql("""
                        insert into invoice (organization_id, kind, status, thread_id, thread_title, currency, created_by, created_at)
                        values (?, 'INVOICE', 'DRAFT', ?, ?, ?, ?, ?) returning id""")
                .params(organizationId, threadId, threadTitle, billing.currency(), AuditLog.actor(), Timestamp.from(clock.instant()))
                .query(Long.class).single();
        audit.record("invoice", id, "create draft", null, "thread " + threadId);
        return recompute(store.find(id).orElseThrow(), billing);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public Invoice regenerate(long id) {
        Invoice draft = store.lockDraft(readable(id).id()).orElseThrow(() -> new IllegalStateException("Only a draft is recomputed"));
        return recompute(draft, organizations.billingDetails(draft.organizationId()));
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void deleteDraft(long id) {
        Invoice draft = store.lockDraft(readable(id).id()).orElseThrow(() -> new IllegalStateException("Only a draft can be deleted"));
        jdbc.sql("delete from invoice where id = ?").param(draft.id()).update();
        audit.record("invoice", id, "delete draft", draft.coverage(), null);
    }

    /**
     * Numbers the draft, claims its events, freezes it, renders its PDF and queues the mail, in one transaction.
     * Events that arrived since the draft was computed are on it: it is computed again from what it claims.
     */
    @PreAuthorize(Roles.IS_ADMIN)
    public Invoice issue(long id) {
        Invoice draft = store.lockDraft(readable(id).id()).orElseThrow(() -> new IllegalStateException("Only a draft can be issued"));
        BillingDetails billing = organizations.billingDetails(draft.organizationId());
        String unprintable = HtmlPdf.unprintable(billing.name() + (billing.address() == null ? "" : billing.address()));
        if (!unprintable.isEmpty()) {
            throw new IllegalArgumentException("The organization's name or billing address has characters the invoice font "
                    + "cannot print (" + unprintable + "); change them before issuing");
        }
        if (usage.claim(selectionOf(draft, billing), draft.id()) == 0) {
            throw new IllegalStateException("There is no usage to invoice");
        }
        compute(draft, BillableEvents.Selection.claimedBy(draft.organizationId(), draft.id()), billing, true);
        Invoice issued = freeze(draft.id(), billing, Invoice.Kind.INVOICE, null);
        audit.record("invoice", id, "issue", "draft", issued.number() + ", total " + issued.amounts().total() + " "
                + issued.amounts().currency());
        return issued;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public Invoice markPaid(long id, LocalDate paidOn, String reference) {
        Invoice invoice = readable(id);
        if (invoice.status() != Invoice.Status.ISSUED || invoice.kind() != Invoice.Kind.INVOICE) {
            throw new IllegalStateException("Only an issued invoice can be marked paid");
        }
        if (paidOn == null) {
            throw new IllegalArgumentException("Enter the date it was paid");
        }
        if (paidOn.isBefore(invoice.lifecycle().issueDate()) || paidOn.isAfter(today(invoice.organizationId()))) {
            throw new IllegalArgumentException("The payment date lies between the issue date and today");
        }
        String trimmed = reference == null ? "" : reference.strip();
        if (trimmed.length() > 200) {
            throw new IllegalArgumentException("A payment reference has at most 200 characters");
        }
        jdbc.sql("update invoice set status = 'PAID', paid_date = ?, paid_reference = ? where id = ?")
                .params(InvoiceStore.date(paidOn), trimmed.isEmpty() ? null : trimmed, id).update();
        audit.record("invoice", id, "mark paid", "issued", paidOn + (trimmed.isEmpty() ? "" : ", " + trimmed));
        if (invoice.scope().bills() == Invoice.Bills.TOP_UP) {
            credits.grantPaid(invoice);
        }
        return store.find(id).orElseThrow();
    }

    /** Voids an issued or paid invoice: a credit note cancels it and its events go back to be billed again. */
    @PreAuthorize(Roles.IS_ADMIN)
    public Invoice voidInvoice(long id, String reason) {
        Invoice invoice = readable(id);
        if (invoice.kind() != Invoice.Kind.INVOICE || (invoice.status() != Invoice.Status.ISSUED && invoice.status() != Invoice.Status.PAID)) {
            throw new IllegalStateException("Only an issued or paid invoice can be voided");
        }
        if (invoice.scope().bills() == Invoice.Bills.TOP_UP && invoice.status() == Invoice.Status.PAID) {
            throw new IllegalStateException("A paid top-up's credits are in the wallet; it cannot be voided");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Give the reason for voiding");
        }
        if (reason.strip().length() > VOID_REASON_LENGTH) {
            throw new IllegalArgumentException("A reason has at most " + VOID_REASON_LENGTH + " characters");
        }
        jdbc.sql("update invoice set status = 'VOID', void_reason = ? where id = ?").params(reason.strip(), id).update();
        usage.release(id);
        BillingDetails billing = organizations.billingDetails(invoice.organizationId());
        Invoice.Scope scope = invoice.scope();
        Invoice.Amounts amounts = invoice.amounts();
        long credit = jdbc.sql("""
                        insert into invoice (organization_id, kind, status, period_start, period_end, thread_id, thread_title,
                                             currency, subtotal, volume_discount, tax, total, events, credits_invoice_id,
                                             created_by, created_at)
                        values (?, 'CREDIT_NOTE', 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) returning id""")
                .params(invoice.organizationId(), InvoiceStore.date(scope.periodStart()), InvoiceStore.date(scope.periodEnd()),
                        scope.threadId(), scope.threadTitle(), amounts.currency(), amounts.subtotal().negate(),
                        amounts.volumeDiscount(), amounts.tax().negate(), amounts.total().negate(), id, AuditLog.actor(),
                        Timestamp.from(clock.instant()))
                .query(Long.class).single();
        if (invoice.credits() != null) {
            store.credits(credit, new Invoice.Credits(invoice.credits().applied().negate(), null));
        }
        for (InvoiceLine line : store.lines(id)) {
            jdbc.sql("insert into invoice_line (invoice_id, position, description, quantity, unit_price, amount) values (?, ?, ?, ?, ?, ?)")
                    .params(credit, line.position(), line.description(), line.quantity(), line.unitPrice(), line.amount().negate())
                    .update();
        }
        Invoice note = freeze(credit, billing, Invoice.Kind.CREDIT_NOTE, invoice);
        audit.record("invoice", id, "void", invoice.status().name().toLowerCase(Locale.ROOT), reason.strip() + "; credit note " + note.number());
        return note;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void resend(long id) {
        Invoice invoice = readable(id);
        if (invoice.status() == Invoice.Status.DRAFT) {
            throw new IllegalStateException("A draft is not sent; issue it first");
        }
        queueMail(invoice, organizations.billingDetails(invoice.organizationId()), store.pdf(id).orElseThrow());
        audit.record("invoice", id, "resend", null, invoice.billTo().email());
    }

    /** For the API: the organization's issued documents (paid and void ones included), newest first. */
    @Transactional(readOnly = true)
    public List<Invoice> listFor(long organizationId, int offset, int limit) {
        return store.issuedPage(organizationId, offset, limit);
    }

    /** For the API: an issued document of the organization; drafts and other organizations' are not found. */
    @Transactional(readOnly = true)
    public Optional<Invoice> findFor(long organizationId, long id) {
        return store.find(id).filter(invoice -> invoice.organizationId() == organizationId && invoice.status() != Invoice.Status.DRAFT);
    }

    @Transactional(readOnly = true)
    public List<InvoiceLine> linesFor(long organizationId, long id) {
        return findFor(organizationId, id).map(invoice -> store.lines(invoice.id())).orElseThrow(() -> new NotFoundException("No such invoice"));
    }

    @Transactional(readOnly = true)
    public Optional<byte[]> pdfFor(long organizationId, long id) {
        return findFor(organizationId, id).flatMap(invoice -> store.pdf(invoice.id()).map(issued -> handedOut(invoice, issued)));
    }

    /** The organization's issued or paid invoice of exactly this period, for figures shown beside it. */
    @Transactional(readOnly = true)
    public Optional<Invoice> issuedFor(long organizationId, LocalDate first, LocalDate last) {
        return store.issuedFor(organizationId, first, last);
    }

    /** The period's draft, created once however many runs ask at the same time; for the monthly run too. */
    Invoice draftFor(long organizationId, LocalDate first, LocalDate last) {
        if (first == null || last == null || last.isBefore(first)) {
            throw new IllegalArgumentException("Choose a period whose last day is not before its first");
        }
        BillingDetails billing = organizations.billingDetails(organizationId);
        jdbc.sql("""
                        insert into invoice (organization_id, kind, status, period_start, period_end, currency, created_by, created_at)
                        values (?, 'INVOICE', 'DRAFT', ?, ?, ?, ?, ?)
                        on conflict (organization_id, period_start, period_end)
                            where status = 'DRAFT' and kind = 'INVOICE' and thread_id is null do nothing""")
                .params(organizationId, InvoiceStore.date(first), InvoiceStore.date(last), billing.currency(),
                        AuditLog.actor(), Timestamp.from(clock.instant()))
                .update();
        long id = jdbc.sql("""
                        select id from invoice where organization_id = ? and period_start = ? and period_end = ?
                          and status = 'DRAFT' and kind = 'INVOICE' and thread_id is null for update""")
                .params(organizationId, InvoiceStore.date(first), InvoiceStore.date(last)).query(Long.class).single();
        return recompute(store.find(id).orElseThrow(), billing);
    }

    /** Whether the period already has an invoice, drafted or issued (void ones do not count). */
    boolean hasInvoiceFor(long organizationId, LocalDate first, LocalDate last) {
        return jdbc.sql("""
                        select count(*) from invoice where organization_id = ? and period_start = ? and period_end = ?
                          and kind = 'INVOICE' and thread_id is null and status <> 'VOID'""")
                .params(organizationId, InvoiceStore.date(first), InvoiceStore.date(last)).query(Long.class).single() > 0;
    }

    private Invoice recompute(Invoice draft, BillingDetails billing) {
        compute(draft, selectionOf(draft, billing), billing, false);
        return store.find(draft.id()).orElseThrow();
    }

    /** The draft's lines and sums from the selected events, with the credits the wallet already paid for them off before tax. */
    private void compute(Invoice draft, BillableEvents.Selection selection, BillingDetails billing, boolean issuing) {
        List<BillableEvents.Group> groups = usage.groups(selection, split(billing));
        InvoiceCalculator.Result result = calculator.calculate(draft.organizationId(), groups,
                usage.days(selection, billing.zone().getId()), billing.currency(), billing.zone(), billing.taxRatePercent());
        Invoice.Credits applied = credits.applied(draft.organizationId(), selection, groups, result.subtotal(),
                billing.currency(), issuing);
        store.replaceLines(draft.id(), applied == null ? result : result.lessCredits(applied.applied()));
        store.credits(draft.id(), applied);
    }

    private static BillableEvents.Split split(BillingDetails billing) {
        return new BillableEvents.Split(billing.linesByAgent(), billing.linesByTeam());
    }

    private static BillableEvents.Selection selectionOf(Invoice draft, BillingDetails billing) {
        if (draft.scope().threadId() != null) {
            return BillableEvents.Selection.thread(draft.organizationId(), draft.scope().threadId());
        }
        return BillableEvents.Selection.upTo(draft.organizationId(),
                draft.scope().periodEnd().plusDays(1).atStartOfDay(billing.zone()).toInstant());
    }

    /**
     * Numbers a computed draft, copies the billing details, renders the PDF and queues the mail and the channels'
     * {@code invoice.issued}; then it is frozen.
     * A credit note repeats the details and tax rate of the invoice it cancels, whatever the organization's are now.
     */
    Invoice freeze(long id, BillingDetails billing, Invoice.Kind kind, Invoice cancelled) {
        LocalDate today = today(billing.organizationId());
        int sequence = store.nextNumber(billing.organizationId(), today.getYear(), kind);
        String number = billing.slug().toUpperCase(Locale.ROOT) + (kind == Invoice.Kind.CREDIT_NOTE ? "-CN-" : "-")
                + today.getYear() + "-" + String.format(Locale.ROOT, "%04d", sequence);
        Invoice draft = store.find(id).orElseThrow();
        LocalDate due = kind == Invoice.Kind.INVOICE ? today.plusDays(billing.paymentTermsDays()) : null;
        Invoice.BillTo billTo = cancelled != null ? cancelled.billTo()
                : new Invoice.BillTo(billing.name(), billing.address(),
                        billing.email() != null && !billing.email().isBlank() ? billing.email() : null, billing.taxRatePercent());
        Invoice issued = new Invoice(id, draft.organizationId(), kind, number, Invoice.Status.ISSUED, draft.scope(), billTo,
                draft.amounts(), draft.events(), new Invoice.Lifecycle(today, due, null, null, null,
                        draft.lifecycle().creditsInvoiceId(), draft.lifecycle().createdBy(), draft.lifecycle().createdAt()),
                draft.credits());
        byte[] pdf = InvoicePdf.render(issued, store.lines(id), billing.name(), billing.locale());
        jdbc.sql("""
                        update invoice set status = 'ISSUED', number = ?, billing_name = ?, billing_address = ?, billing_email = ?,
                               tax_rate_percent = ?, issue_date = ?, due_date = ?, pdf = ? where id = ?""")
                .params(number, billTo.name(), billTo.address(), billTo.email(), billTo.taxRatePercent(), InvoiceStore.date(today),
                        InvoiceStore.date(due), pdf, id)
                .update();
        queueMail(issued, billing, pdf);
        // Once per document: only a draft is frozen, under its row lock, and the notice commits with it.
        channels.publish(billing.organizationId(), InvoiceMail.notice(issued, billing, baseUrl));
        return store.find(id).orElseThrow();
    }

    private void queueMail(Invoice invoice, BillingDetails billing, byte[] pdf) {
        String email = invoice.billTo().email();
        List<String> to = email != null ? List.of(email) : users.adminEmails(billing.organizationId());
        if (to.isEmpty()) {
            return;
        }
        outbox.enqueue(InvoiceMail.compose(invoice, billing, to, pdf));
    }

    /** The PDF as handed out: as issued, with the paid mark once it is paid. */
    private static byte[] handedOut(Invoice invoice, byte[] issued) {
        return invoice.status() == Invoice.Status.PAID ? InvoicePdf.markedPaid(issued, invoice.lifecycle().paidDate()) : issued;
    }

    private Invoice readable(long id) {
        Invoice invoice = store.find(id).orElseThrow(() -> new NotFoundException("No such invoice"));
        currentUser.requireAccessTo(invoice.organizationId());
        return invoice;
    }

    private Long scope(Long organizationId) {
        SignedInUser user = currentUser.require();
        return user.isPlatformAdmin() ? organizationId : user.organizationId();
    }

    private LocalDate today(long organizationId) {
        return organizations.locale(organizationId).today(clock);
    }
}
