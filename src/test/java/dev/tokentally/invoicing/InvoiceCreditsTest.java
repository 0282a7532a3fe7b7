package dev.tokentally.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Usage invoices of prepaid and mixed organizations: the credits that already paid for their events come off before
 * tax, so tax is charged on the overage only. Acme: EUR, 19 % tax; 1M input tokens of gpt-4o-mini bill 0.1656,
 * 500k output tokens 0.3312, 100k output tokens 0.06624.
 */
@TokentallyTest
@WithUserDetails("admin@acme.test")
class InvoiceCreditsTest {

    static final LocalDate NOVEMBER_1 = LocalDate.of(2026, 11, 1);
    static final LocalDate NOVEMBER_30 = LocalDate.of(2026, 11, 30);

    @Autowired
    Invoices invoices;
    @Autowired
    Wallets wallets;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    UserDetailsService users;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Value("${local.server.port}")
    int port;

    long acme;

    @BeforeEach
    void midNovember() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        acme = fixtures.organization("acme");
    }

    @Test
    void a_mixed_organizations_invoice_takes_the_credits_off_before_tax_and_shows_the_remaining_balance() throws Exception {
        wallets.configure(acme, new WalletSettings(WalletMode.MIXED, null, null, null));
        wallets.grant(acme, GrantKind.FREE, new BigDecimal("0.20"), null, 0, "Trial", null, "trial");
        record(acme, TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        record(acme, TokenCounts.of(0, 500_000), "2026-11-06T09:00:00Z");

        Invoice draft = invoices.createDraft(acme, NOVEMBER_1, NOVEMBER_30);

        // Lines 0.17 + 0.33 = 0.50; the 0.20 of credits burnt first; tax 19 % of the 0.30 left = 0.057 → 0.06.
        assertThat(draft.amounts().subtotal()).isEqualByComparingTo("0.50");
        assertThat(draft.credits().applied()).isEqualByComparingTo("0.20");
        assertThat(draft.amounts().tax()).isEqualByComparingTo("0.06");
        assertThat(draft.amounts().total()).isEqualByComparingTo("0.36");
        assertThat(draft.credits().remainingBalance()).as("noted when issued").isNull();

        Invoice issued = invoices.issue(draft.id());
        assertThat(issued.amounts().total()).isEqualByComparingTo("0.36");
        assertThat(issued.credits().applied()).isEqualByComparingTo("0.20");
        assertThat(issued.credits().remainingBalance()).isEqualByComparingTo("0.00");
        String pdf = InvoicePdfTest.text(invoices.pdf(issued.id()));
        assertThat(pdf).contains("Credits applied", "EUR -0.20", "Remaining balance", "EUR 0.36");

        String key = fixtures.apiKey("acme").secret();
        HttpResponse<String> json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/invoices/" + issued.id()))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JsonMapper.builder().build().readTree(json.body());
        assertThat(body.get("bills").asString()).isEqualTo("usage");
        assertThat(body.get("credits_applied").asString()).isEqualTo("0.20");
        assertThat(body.get("remaining_balance").asString()).isEqualTo("0.00");
        assertThat(body.get("tax").asString()).isEqualTo("0.06");
        assertThat(body.get("total").asString()).isEqualTo("0.36");

        Invoice note = invoices.voidInvoice(issued.id(), "wrong address");
        assertThat(note.credits().applied()).as("the credit note mirrors it").isEqualByComparingTo("-0.20");
        assertThat(note.amounts().total()).isEqualByComparingTo("-0.36");
    }

    @Test
    void usage_fully_paid_by_credits_nets_to_zero_whatever_the_line_rounding() {
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, null, null, null));
        wallets.grant(acme, GrantKind.FREE, new BigDecimal("10"), null, 0, "Trial", null, "trial");
        record(acme, TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        record(acme, TokenCounts.of(0, 100_000), "2026-11-06T09:00:00Z");

        // Lines 0.1656 → 0.17 and 0.06624 → 0.07 make 0.24, while the wallet paid 0.23184 (0.23 rounded on its own).
        Invoice issued = invoices.issue(invoices.createDraft(acme, NOVEMBER_1, NOVEMBER_30).id());

        assertThat(issued.amounts().subtotal()).isEqualByComparingTo("0.24");
        assertThat(issued.credits().applied()).isEqualByComparingTo("0.24");
        assertThat(issued.amounts().tax()).isEqualByComparingTo("0.00");
        assertThat(issued.amounts().total()).isEqualByComparingTo("0.00");
        assertThat(issued.credits().remainingBalance()).as("10 - 0.23184").isEqualByComparingTo("9.77");
    }

    @Test
    void a_postpaid_organizations_invoice_is_unchanged() throws Exception {
        long globex = fixtures.organization("globex");
        record(acme, TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");
        record(globex, TokenCounts.of(1_000_000, 0), "2026-11-05T09:00:00Z");

        Invoice invoice = invoices.issue(invoices.createDraft(acme, NOVEMBER_1, NOVEMBER_30).id());

        assertThat(invoice.credits()).isNull();
        assertThat(invoice.amounts().total()).isEqualByComparingTo("0.20");
        assertThat(InvoicePdfTest.text(invoices.pdf(invoice.id()))).doesNotContain("Credits applied", "Remaining balance");
        assertThat(RunAs.user(users, "admin@globex.test",
                () -> invoices.createDraft(globex, NOVEMBER_1, NOVEMBER_30)).credits()).isNull();
    }

    private void record(long organizationId, TokenCounts tokens, String at) {
        recorder.record(organizationId, new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini", tokens,
                Attribution.of(null, null, null, null), null, Instant.parse(at), null, null, false, UsageSource.API));
    }
}
