package dev.tokentally.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Invoices and their lines in plain SQL. */
@Component
class InvoiceStore {

    static final String SELECT = """
            select id, organization_id, kind, number, status, period_start, period_end, thread_id, thread_title, currency,
                   billing_name, billing_address, billing_email, tax_rate_percent, subtotal, volume_discount, tax, total,
                   events, issue_date, due_date, paid_date, paid_reference, void_reason, credits_invoice_id, created_by,
                   created_at, bills, credits_applied, remaining_balance
            from invoice""";

    private final JdbcClient jdbc;

    InvoiceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Invoice> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query((rs, row) -> invoice(rs)).optional();
    }

    Optional<Invoice> lockDraft(long id) {
        return jdbc.sql(SELECT + " where id = ? and status = 'DRAFT' for update").param(id).query((rs, row) -> invoice(rs)).optional();
    }

    List<Invoice> page(Long organizationId, Invoice.Status status, int offset, int limit) {
        return jdbc.sql(SELECT + " where (cast(:organization as bigint) is null or organization_id = :organization)"
                        + " and (cast(:status as text) is null or status = :status)"
                        + " order by created_at desc, id desc offset :offset limit :limit")
                .param("organization", organizationId).param("status", status == null ? null : status.name())
                .param("offset", offset).param("limit", limit).query((rs, row) -> invoice(rs)).list();
    }

    List<Invoice> issuedPage(long organizationId, int offset, int limit) {
        return jdbc.sql(SELECT + " where organization_id = ? and status <> 'DRAFT' order by created_at desc, id desc offset ? limit ?")
                .params(organizationId, offset, limit).query((rs, row) -> invoice(rs)).list();
    }

    /** The period's issued or paid invoice, if any; threads' invoices, void ones and drafts do not count. */
    Optional<Invoice> issuedFor(long organizationId, LocalDate first, LocalDate last) {
        return jdbc.sql(SELECT + " where organization_id = ? and period_start = ? and period_end = ? and kind = 'INVOICE'"
                        + " and thread_id is null and status in ('ISSUED', 'PAID') order by id desc limit 1")
                .params(organizationId, date(first), date(last)).query((rs, row) -> invoice(rs)).optional();
    }

    /** The organization's top-up requested with this idempotency key. */
    Optional<Invoice> topUpByKey(long organizationId, String key) {
        return jdbc.sql(SELECT + " where organization_id = ? and top_up_key = ?").params(organizationId, key)
                .query((rs, row) -> invoice(rs)).optional();
    }

    /** The organization's newest top-up invoice waiting for payment (a top-up is a draft only inside its issuing transaction). */
    Optional<Invoice> pendingTopUp(long organizationId) {
        return jdbc.sql(SELECT + " where organization_id = ? and bills = 'TOP_UP' and status = 'ISSUED' order by id desc limit 1")
                .param(organizationId).query((rs, row) -> invoice(rs)).optional();
    }

    long count(Long organizationId, Invoice.Status status) {
        return jdbc.sql("select count(*) from invoice where (cast(:organization as bigint) is null or organization_id = :organization)"
                        + " and (cast(:status as text) is null or status = :status)")
                .param("organization", organizationId).param("status", status == null ? null : status.name())
                .query(Long.class).single();
    }

    List<InvoiceLine> lines(long invoiceId) {
        return jdbc.sql("""
                        select l.position, l.description, l.quantity, l.unit_price, l.amount, i.currency
                        from invoice_line l join invoice i on i.id = l.invoice_id where l.invoice_id = ? order by l.position""")
                .param(invoiceId)
                .query((rs, row) -> new InvoiceLine(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4),
                        money(rs.getBigDecimal(5), rs.getString(6))))
                .list();
    }

    /** Amounts are stored with room for three-digit currencies and read back with the currency's own digits. */
    static BigDecimal money(BigDecimal amount, String currency) {
        return amount.setScale(Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0), RoundingMode.UNNECESSARY);
    }

    void replaceLines(long invoiceId, InvoiceCalculator.Result result) {
        jdbc.sql("delete from invoice_line where invoice_id = ?").param(invoiceId).update();
        for (InvoiceLine line : result.lines()) {
            jdbc.sql("insert into invoice_line (invoice_id, position, description, quantity, unit_price, amount) values (?, ?, ?, ?, ?, ?)")
                    .params(invoiceId, line.position(), line.description(), line.quantity(), line.unitPrice(), line.amount())
                    .update();
        }
        // The rate goes with the tax computed from it, so a draft shows the rate it applies.
        jdbc.sql("update invoice set subtotal = ?, volume_discount = ?, tax_rate_percent = ?, tax = ?, total = ?, events = ? where id = ?")
                .params(result.subtotal(), result.volumeDiscount(), result.taxRatePercent(), result.tax(), result.total(),
                        result.events(), invoiceId)
                .update();
    }

    /** Notes the credits a usage draft applies (its tax and total already net of them); null: none. */
    void credits(long invoiceId, Invoice.Credits credits) {
        jdbc.sql("update invoice set credits_applied = ?, remaining_balance = ? where id = ?")
                .params(credits == null ? null : credits.applied(), credits == null ? null : credits.remainingBalance(), invoiceId)
                .update();
    }

    Optional<byte[]> pdf(long id) {
        return jdbc.sql("select pdf from invoice where id = ? and pdf is not null").param(id).query(byte[].class).optional();
    }

    /** The next number of the kind in the organization's year; the row stays locked until the transaction ends. */
    int nextNumber(long organizationId, int year, Invoice.Kind kind) {
        return jdbc.sql("""
                        insert into invoice_number (organization_id, year, kind, last_number) values (?, ?, ?, 1)
                        on conflict (organization_id, year, kind) do update set last_number = invoice_number.last_number + 1
                        returning last_number""")
                .params(organizationId, year, kind.name()).query(Integer.class).single();
    }

    static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    static Invoice invoice(ResultSet rs) throws SQLException {
        long thread = rs.getLong("thread_id");
        Long threadId = rs.wasNull() ? null : thread;
        long credits = rs.getLong("credits_invoice_id");
        Long creditsId = rs.wasNull() ? null : credits;
        String currency = rs.getString("currency");
        return new Invoice(rs.getLong("id"), rs.getLong("organization_id"), Invoice.Kind.valueOf(rs.getString("kind")),
                rs.getString("number"), Invoice.Status.valueOf(rs.getString("status")),
                new Invoice.Scope(local(rs, "period_start"), local(rs, "period_end"), threadId, rs.getString("thread_title"),
                        Invoice.Bills.valueOf(rs.getString("bills"))),
                new Invoice.BillTo(rs.getString("billing_name"), rs.getString("billing_address"), rs.getString("billing_email"),
                        rs.getBigDecimal("tax_rate_percent")),
                new Invoice.Amounts(currency, money(rs.getBigDecimal("subtotal"), currency),
                        money(rs.getBigDecimal("volume_discount"), currency), money(rs.getBigDecimal("tax"), currency),
                        money(rs.getBigDecimal("total"), currency)),
                rs.getLong("events"),
                new Invoice.Lifecycle(local(rs, "issue_date"), local(rs, "due_date"), local(rs, "paid_date"),
                        rs.getString("paid_reference"), rs.getString("void_reason"), creditsId, rs.getString("created_by"),
                        rs.getTimestamp("created_at").toInstant()),
                credits(rs, currency));
    }

    private static Invoice.Credits credits(ResultSet rs, String currency) throws SQLException {
        BigDecimal applied = rs.getBigDecimal("credits_applied");
        BigDecimal remaining = rs.getBigDecimal("remaining_balance");
        return applied == null ? null : new Invoice.Credits(money(applied, currency), remaining == null ? null : money(remaining, currency));
    }

    private static LocalDate local(ResultSet rs, String column) throws SQLException {
        Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }
}
