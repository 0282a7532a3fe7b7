package dev.tokentally.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.tokentally.mail.OutboxSender;
import dev.tokentally.organizations.BillingIdentity;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.pricing.VolumeTier;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TestSmtp;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

@TokentallyTest
@WithUserDetails("admin@acme.test")
class InvoicesTest {

    @RegisterExtension
    static GreenMailExtension smtp = TestSmtp.server();

    static final LocalDate NOVEMBER_1 = LocalDate.of(2026, 11, 1);
    static final LocalDate NOVEMBER_30 = LocalDate.of(2026, 11, 30);

    @Autowired
    Invoices invoices;
    @Autowired
    MonthlyInvoiceRun monthlyRun;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    OutboxSender sender;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    OrganizationService organizations;

    @BeforeEach
    void midNovember() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void the_total_is_the_ledgers_billed_cost_rounded_per_line_worked_by_hand_with_markup_and_currencies() {
        // gpt-4o-mini: USD 0.15 per 1M input, 0.60 per 1M output.
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        record("acme", TokenCounts.of(0, 500_000), "2026-11-06T09:00:00Z");
        record("globex", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        record("globex", TokenCounts.of(0, 500_000), "2026-11-06T09:00:00Z");

        Invoice acme = invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30);

        // Acme: EUR at 0.92 per USD, 20 % markup, 19 % tax.
        // input: 0.15 × 1.2 × 0.92 = 0.1656 → 0.17; output: 0.30 × 1.2 × 0.92 = 0.3312 → 0.33.
        assertThat(acme.number()).isNull();
        assertThat(invoices.lines(acme.id())).extracting(InvoiceLine::description, InvoiceLine::quantity,
                        line -> line.unitPrice().stripTrailingZeros().toPlainString(), line -> line.amount().toPlainString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gpt-4o-mini · input tokens", 1_000_000L, "0.1656", "0.17"),
                        org.assertj.core.groups.Tuple.tuple("gpt-4o-mini · output tokens", 500_000L, "0.6624", "0.33"));
        assertThat(acme.amounts().subtotal()).isEqualByComparingTo("0.50");
        assertThat(acme.amounts().tax()).as("19 % of 0.50 = 0.095, half-up").isEqualByComparingTo("0.10");
        assertThat(acme.amounts().total()).isEqualByComparingTo("0.60");
        assertThat(acme.amounts().currency()).isEqualTo("EUR");

        // Globex: USD, no markup, no tax: 0.15 and 0.30.
        Invoice globex = RunAs.user(users, "admin@globex.test",
                () -> invoices.createDraft(organization("globex"), NOVEMBER_1, NOVEMBER_30));
        assertThat(globex.amounts().currency()).isEqualTo("USD");
        assertThat(globex.amounts().total()).isEqualByComparingTo("0.45");

        Invoice issued = invoices.issue(acme.id());
        assertThat(issued.number()).isEqualTo("ACME-2026-0001");
        assertThat(issued.status()).isEqualTo(Invoice.Status.ISSUED);
        assertThat(issued.events()).isEqualTo(2);
        assertThat(issued.lifecycle().dueDate()).isEqualTo(LocalDate.of(2026, 12, 20));
        assertThat(issued.billTo().name()).isEqualTo("Acme Corp");
        assertThat(jdbc.sql("""
                        select sum(e.billed_cost) from usage_event e join invoiced_usage i on i.event_id = e.id
                        where i.invoice_id = ?""").param(issued.id())
                .query(BigDecimal.class).single()).isEqualByComparingTo("0.4968");
    }

    @Test
    void a_late_event_joins_the_regenerated_draft_or_after_issue_the_next_invoice_and_is_never_billed_twice() {
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        Invoice draft = invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30);
        assertThat(draft.events()).isEqualTo(1);

        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-15T09:00:00Z");
        assertThat(invoices.regenerate(draft.id()).events()).isEqualTo(2);
        Invoice november = invoices.issue(draft.id());
        assertThat(november.events()).isEqualTo(2);

        record("acme", TokenCounts.of(2_000_000, 0), "2026-11-29T09:00:00Z");
        clock.set(Instant.parse("2026-12-10T10:00:00Z"));
        record("acme", TokenCounts.of(3_000_000, 0), "2026-12-05T09:00:00Z");
        Invoice december = invoices.createDraft(organization("acme"), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31));

        assertThat(december.events()).as("the late November event and December's").isEqualTo(2);
        assertThat(invoices.lines(december.id())).singleElement().extracting(InvoiceLine::quantity).isEqualTo(5_000_000L);
        invoices.issue(december.id());
        assertThat(invoices.get(november.id()).events()).isEqualTo(2);
        assertThat(jdbc.sql("""
                        select count(*) from usage_event e
                        where not exists (select from invoiced_usage i where i.event_id = e.id)""")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(distinct invoice_id) from invoiced_usage").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void issuing_two_drafts_at_once_gives_consecutive_numbers() throws Exception {
        long acme = organization("acme");
        recordChat(acme, "101");
        recordChat(acme, "102");
        long first = invoices.createThreadDraft(acme, 101, "Thread one").id();
        long second = invoices.createThreadDraft(acme, 102, "Thread two").id();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Invoice>> issued = new ArrayList<>();
        for (long id : List.of(first, second)) {
            issued.add(pool.submit(() -> {
                start.await();
                return RunAs.user(users, "admin@acme.test", () -> invoices.issue(id));
            }));
        }
        start.countDown();
        List<String> numbers = new ArrayList<>();
        for (Future<Invoice> invoice : issued) {
            numbers.add(invoice.get().number());
        }
        pool.shutdown();

        assertThat(numbers).containsExactlyInAnyOrder("ACME-2026-0001", "ACME-2026-0002");
        assertThat(invoices.lines(first)).singleElement().extracting(InvoiceLine::description)
                .isEqualTo("demo-mini · input tokens");
    }

    @Test
    void the_database_refuses_to_change_an_issued_invoice_or_its_lines() {
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        Invoice issued = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());

        assertThatThrownBy(() -> jdbc.sql("update invoice set total = 0 where id = ?").param(issued.id()).update())
                .hasMessageContaining("is ISSUED and cannot be changed");
        assertThatThrownBy(() -> jdbc.sql("update invoice_line set amount = 0 where invoice_id = ?").param(issued.id()).update())
                .hasMessageContaining("cannot be changed");
        assertThatThrownBy(() -> jdbc.sql("delete from invoice where id = ?").param(issued.id()).update())
                .hasMessageContaining("cannot be deleted");
        assertThat(invoices.get(issued.id()).amounts().total()).isEqualByComparingTo("0.20");
    }

    @Test
    void the_pdf_shows_the_number_lines_and_total_and_the_billing_contact_gets_it_by_mail() throws Exception {
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        record("acme", TokenCounts.of(0, 500_000), "2026-11-06T09:00:00Z");
        Invoice issued = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());

        String text;
        try (PDDocument pdf = Loader.loadPDF(invoices.pdf(issued.id()))) {
            text = new PDFTextStripper().getText(pdf).replace('\u00a0', ' ');
        }
        assertThat(text).contains("ACME-2026-0001").contains("November 2026").contains("Friedrichstraße 1")
                .contains("gpt-4o-mini · input tokens").contains("gpt-4o-mini · output tokens")
                .contains("Total EUR 0.60").contains("rounded once, half-up");

        assertThat(sender.sendDue()).isEqualTo(1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("billing@acme.test");
        assertThat(mail.getSubject()).isEqualTo("Invoice ACME-2026-0001 from Tokentally (EUR 0.60)");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("ACME-2026-0001.pdf");
        try (PDDocument attached = Loader.loadPDF(parts.getBodyPart(1).getInputStream().readAllBytes())) {
            assertThat(new PDFTextStripper().getText(attached)).contains("ACME-2026-0001");
        }
    }

    @Test
    void with_lines_per_team_each_teams_usage_is_billed_on_lines_of_its_own() {
        long alpha = fixtures.team("acme", "rt-alpha", "Alpha");
        recorder.record(organization("acme"), new ReportedCall("in-alpha", "openai", "gpt-4o-mini", TokenCounts.of(1_000_000, 0), Attribution.of(null, "ext", null, null), null, Instant.parse("2026-11-05T09:00:00Z"), null, null, false, UsageSource.API)
                .withTeam(alpha));
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-06T09:00:00Z");
        Invoice together = invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30);
        // 2M input: EUR 0.3312 → 0.33 on one line.
        assertThat(invoices.lines(together.id())).extracting(InvoiceLine::description, line -> line.amount().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gpt-4o-mini · input tokens", "0.33"));

        fixtures.updateOrganization("acme", acme -> acme.setInvoiceLinesByTeam(true));
        Invoice split = invoices.regenerate(together.id());

        // 1M input each: EUR 0.1656 → 0.17 per team's line.
        assertThat(invoices.lines(split.id())).extracting(InvoiceLine::description, line -> line.amount().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Alpha · gpt-4o-mini · input tokens", "0.17"),
                        org.assertj.core.groups.Tuple.tuple("no team · gpt-4o-mini · input tokens", "0.17"));
        assertThat(split.amounts().subtotal()).isEqualByComparingTo("0.34");
    }

    @Test
    void names_with_every_control_character_are_issued_into_the_pdf_and_the_mail() throws Exception {
        // Every C0 character but NUL, which PostgreSQL text cannot hold (the renderers replace it too).
        StringBuilder controls = new StringBuilder();
        for (char c = 1; c < 32; c++) {
            controls.append(c);
        }
        // Written directly: the organization form refuses control characters, yet the renderers must survive them.
        jdbc.sql("update organization set name = ?, invoice_lines_by_agent = true where slug = 'acme'")
                .param("Acme" + controls + "Corp").update();
        recorder.record(organization("acme"), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(1_000_000, 0), Attribution.of(null, null, "bot" + controls + "one", null), null,
                Instant.parse("2026-11-05T09:00:00Z"), null, null, false, UsageSource.API));

        Invoice issued = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());

        try (PDDocument pdf = Loader.loadPDF(invoices.pdf(issued.id()))) {
            assertThat(new PDFTextStripper().getText(pdf)).containsPattern("bot\\s+one").containsPattern("Acme\\s+Corp");
        }
        assertThat(sender.sendDue()).isEqualTo(1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).doesNotContainPattern("\\p{Cntrl}");
        String plain = jdbc.sql("select plain_text from mail_outbox").query(String.class).single();
        assertThat(plain).contains("Acme").doesNotContainPattern("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");
    }

    @Test
    void a_thread_title_with_control_characters_is_issued_into_the_pdf_and_the_mail() throws Exception {
        recordChat(organization("acme"), "42");
        StringBuilder title = new StringBuilder("Plan");
        for (char c = 1; c < 32; c++) {
            title.append(c);
        }
        Invoice draft = invoices.createThreadDraft(organization("acme"), 42, title.append("Q4").toString());

        Invoice issued = invoices.issue(draft.id());

        try (PDDocument pdf = Loader.loadPDF(invoices.pdf(issued.id()))) {
            assertThat(new PDFTextStripper().getText(pdf)).containsPattern("Plan\\s+Q4");
        }
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).doesNotContainPattern("\\p{Cntrl}");
    }

    @Test
    void voiding_issues_a_credit_note_and_frees_the_events_for_the_next_invoice() {
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        Invoice issued = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());

        assertThatThrownBy(() -> invoices.voidInvoice(issued.id(), " ")).hasMessage("Give the reason for voiding");
        fixtures.updateOrganization("acme", acme -> {
            acme.setTaxRatePercent(new BigDecimal("7"));
            acme.setBillingEmail("new@acme.test");
        });
        Invoice credit = invoices.voidInvoice(issued.id(), "Wrong billing address");
        assertThat(credit.billTo().taxRatePercent()).as("the cancelled invoice's rate, not today's").isEqualByComparingTo("19");
        assertThat(credit.billTo().email()).isEqualTo("billing@acme.test");

        assertThat(credit.number()).isEqualTo("ACME-CN-2026-0001");
        assertThat(credit.kind()).isEqualTo(Invoice.Kind.CREDIT_NOTE);
        assertThat(credit.amounts().total()).isEqualByComparingTo("-0.20");
        assertThat(credit.lifecycle().creditsInvoiceId()).isEqualTo(issued.id());
        assertThat(invoices.get(issued.id()).status()).isEqualTo(Invoice.Status.VOID);
        assertThat(jdbc.sql("select count(*) from invoiced_usage").query(Long.class).single()).isZero();

        Invoice again = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());
        assertThat(again.number()).isEqualTo("ACME-2026-0002");
        assertThat(again.events()).isEqualTo(1);
    }

    @Test
    void tax_is_taken_on_the_sum_of_rounded_lines_at_19_percent_and_the_credit_note_repeats_it_negated() {
        // Acme: 0.15 USD per 1M input and 0.60 per 1M output, × 1.2 markup × 0.92 EUR: each line is exactly 0.1656.
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        record("acme", TokenCounts.of(0, 250_000), "2026-11-06T09:00:00Z");

        Invoice issued = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());

        assertThat(invoices.lines(issued.id())).extracting(line -> line.amount().toPlainString()).containsExactly("0.17", "0.17");
        assertThat(issued.amounts().subtotal()).as("0.17 + 0.17, not 0.3312 rounded to 0.33").isEqualByComparingTo("0.34");
        assertThat(issued.amounts().tax()).as("19 % of 0.34 = 0.0646, half-up").isEqualByComparingTo("0.06");
        assertThat(issued.amounts().total()).isEqualByComparingTo("0.40");
        Invoice credit = invoices.voidInvoice(issued.id(), "Wrong period");
        assertThat(List.of(credit.amounts().subtotal(), credit.amounts().tax(), credit.amounts().total()))
                .containsExactly(new BigDecimal("-0.34"), new BigDecimal("-0.06"), new BigDecimal("-0.40"));
        assertThat(invoices.lines(credit.id())).extracting(line -> line.amount().toPlainString()).containsExactly("-0.17", "-0.17");
    }

    @Test
    void at_0_percent_the_total_is_the_sum_of_rounded_lines_and_the_credit_note_repeats_it_negated() {
        // Globex: USD, no markup, no tax. 100,000 input tokens cost 0.015 and 25,000 output tokens 0.015: each rounds to 0.02.
        record("globex", TokenCounts.of(100_000, 0), "2026-11-05T09:00:00Z");
        record("globex", TokenCounts.of(0, 25_000), "2026-11-06T09:00:00Z");

        RunAs.user(users, "admin@globex.test", () -> {
            Invoice issued = invoices.issue(invoices.createDraft(organization("globex"), NOVEMBER_1, NOVEMBER_30).id());
            assertThat(List.of(issued.amounts().subtotal(), issued.amounts().tax(), issued.amounts().total()))
                    .as("0.02 + 0.02, not 0.03").containsExactly(new BigDecimal("0.04"), new BigDecimal("0.00"), new BigDecimal("0.04"));
            Invoice credit = invoices.voidInvoice(issued.id(), "Wrong period");
            assertThat(List.of(credit.amounts().subtotal(), credit.amounts().tax(), credit.amounts().total()))
                    .containsExactly(new BigDecimal("-0.04"), new BigDecimal("0.00"), new BigDecimal("-0.04"));
            return null;
        });
    }

    @Test
    void a_credit_note_cancels_the_volume_discount_too() {
        fixtures.volumeTiers("acme", new VolumeTier(1_000_000, new BigDecimal("10")));
        record("acme", TokenCounts.of(10_000_000, 0), "2026-11-05T09:00:00Z");
        Invoice issued = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());
        assertThat(issued.amounts().volumeDiscount()).isPositive();

        Invoice credit = invoices.voidInvoice(issued.id(), "Wrong period");

        // Every figure of a credit note is the cancelled invoice's negated; the discount used to stay positive.
        assertThat(credit.amounts().volumeDiscount()).isEqualByComparingTo(issued.amounts().volumeDiscount().negate());
        assertThat(credit.amounts().total()).isEqualByComparingTo(issued.amounts().total().negate());
    }

    @Test
    void invoices_and_credit_notes_carry_the_seller_the_customers_vat_id_and_dates_as_the_screens_write_them() throws Exception {
        organizations.updateBillingIdentity(organization("acme"), new BillingIdentity("Acme Corp\nFriedrichstraße 1\n10117 Berlin",
                "de 129 273 398"));
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        Invoice issued = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());
        Invoice credit = invoices.voidInvoice(issued.id(), "Wrong period");

        assertThat(issued.billTo().vatId()).isEqualTo("DE129273398");
        for (Invoice document : List.of(issued, credit)) {
            // Acme had the document locale de-DE: its PDFs used to write 20.11.2026.
            assertThat(InvoicePdfTest.words(invoices.pdf(document.id())))
                    .contains("Tokentally Test GmbH", "Hauptstraße 5", "VAT id: DE811907980", "VAT id: DE129273398",
                            "Issued: 2026-11-20")
                    .doesNotContain("20.11.2026", "Reverse charge");
        }
        assertThat(InvoicePdfTest.words(invoices.pdf(issued.id()))).contains("Due: 2026-12-20",
                "IBAN DE89 3704 0044 0532 0130 00", "Please pay EUR 0.20 by 2026-12-20");
    }

    @Test
    void a_french_business_billed_at_0_percent_gets_the_reverse_charge_note_on_its_invoice() throws Exception {
        record("globex", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        Invoice issued = RunAs.user(users, "admin@globex.test", () -> {
            organizations.updateBillingIdentity(organization("globex"), new BillingIdentity(null, "FR40303265045"));
            return invoices.issue(invoices.createDraft(organization("globex"), NOVEMBER_1, NOVEMBER_30).id());
        });

        assertThat(InvoicePdfTest.words(invoices.pdfFor(organization("globex"), issued.id()).orElseThrow()))
                .contains("VAT id: FR40303265045", "Tax (0 %) USD 0.00", Seller.REVERSE_CHARGE_NOTE);
    }

    @Test
    void payment_is_recorded_once_with_a_sensible_date() {
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        Invoice issued = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());

        assertThatThrownBy(() -> invoices.markPaid(issued.id(), LocalDate.of(2026, 11, 19), "early"))
                .hasMessage("The payment date lies between the issue date and today");
        Invoice paid = invoices.markPaid(issued.id(), LocalDate.of(2026, 11, 20), "SEPA 4711");

        assertThat(paid.status()).isEqualTo(Invoice.Status.PAID);
        assertThat(paid.lifecycle().paidReference()).isEqualTo("SEPA 4711");
        assertThatThrownBy(() -> invoices.markPaid(issued.id(), LocalDate.of(2026, 11, 20), "again"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_paid_invoices_pdf_carries_the_paid_mark_and_an_unpaid_one_does_not() throws Exception {
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        Invoice issued = invoices.issue(invoices.createDraft(organization("acme"), NOVEMBER_1, NOVEMBER_30).id());
        assertThat(InvoicePdfTest.text(invoices.pdf(issued.id()))).doesNotContain("PAID");

        invoices.markPaid(issued.id(), LocalDate.of(2026, 11, 20), "SEPA 4711");

        String paid = InvoicePdfTest.text(invoices.pdf(issued.id()));
        assertThat(paid).contains("PAID 2026-11-20").contains("ACME-2026-0001", "Total EUR 0.20");
        assertThat(InvoicePdfTest.text(invoices.pdfFor(organization("acme"), issued.id()).orElseThrow())).contains("PAID 2026-11-20");
    }

    @Test
    void the_monthly_run_on_the_first_in_berlin_makes_one_draft_however_often_it_runs() throws Exception {
        record("acme", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        record("globex", TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        // 00:30 on 1 December in Berlin; still 30 November in New York.
        clock.set(Instant.parse("2026-11-30T23:30:00Z"));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Integer> one = pool.submit(monthlyRun::run);
        Future<Integer> two = pool.submit(monthlyRun::run);
        one.get();
        two.get();
        pool.shutdown();
        monthlyRun.run();

        assertThat(jdbc.sql("select o.slug || ' ' || i.period_start || ' ' || i.period_end || ' ' || i.status from invoice i "
                + "join organization o on o.id = i.organization_id").query(String.class).list())
                .containsExactly("acme 2026-11-01 2026-11-30 DRAFT");
    }

    private void record(String slug, TokenCounts tokens, String at) {
        recorder.record(organization(slug), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini", tokens,
                Attribution.of(null, null, null, null), null, Instant.parse(at), null, null, false, UsageSource.API));
    }

    private void recordChat(long organizationId, String thread) {
        recorder.record(organizationId, new ReportedCall(UUID.randomUUID().toString(), "demo", "demo-mini",
                TokenCounts.of(1_000_000, 0), Attribution.of(null, null, null, thread), null, clock.instant(), null, null, false, UsageSource.CHAT));
    }

    private long organization(String slug) {
        return fixtures.organization(slug);
    }
}
