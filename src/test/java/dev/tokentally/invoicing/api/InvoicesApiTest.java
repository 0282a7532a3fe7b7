package dev.tokentally.invoicing.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;

import dev.tokentally.invoicing.Invoice;
import dev.tokentally.invoicing.Invoices;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@TokentallyTest
class InvoicesApiTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    Invoices invoices;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void an_organizations_key_lists_reads_and_downloads_its_invoices_and_nobody_elses() throws Exception {
        clock.set(Instant.parse("2026-12-02T10:00:00Z"));
        String acmeKey = fixtures.apiKey("acme").secret();
        String globexKey = fixtures.apiKey("globex").secret();
        long acme = fixtures.organization("acme");
        recorder.record(acme, new ReportedCall("api-invoice-1", "openai", "gpt-4o-mini", TokenCounts.of(1_000_000, 0), Attribution.of(null, null, null, null), null, Instant.parse("2026-11-05T09:00:00Z"), null, null, false, UsageSource.API));
        Invoice issued = RunAs.user(users, "admin@acme.test", () -> invoices.issue(
                invoices.createDraft(acme, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)).id()));

        JsonNode list = json(get("/api/v1/invoices", acmeKey));
        assertThat(list.get("invoices")).hasSize(1);
        assertThat(list.get("invoices").get(0).get("number").asString()).isEqualTo("ACME-2026-0001");
        assertThat(list.get("invoices").get(0).get("total").asString()).isEqualTo("0.20");
        assertThat(list.get("invoices").get(0).propertyNames()).containsExactly("id", "kind", "number", "status",
                "period_start", "period_end", "thread_id", "currency", "subtotal", "volume_discount", "tax", "total", "events",
                "issue_date", "due_date", "paid_date", "credits_invoice_id");

        JsonNode one = json(get("/api/v1/invoices/" + issued.id(), acmeKey));
        assertThat(one.get("status").asString()).isEqualTo("issued");
        assertThat(one.get("lines").get(0).get("description").asString()).isEqualTo("gpt-4o-mini · input tokens");
        assertThat(one.get("lines").get(0).get("amount").asString()).isEqualTo("0.17");
        assertThat(one.get("billing").get("email").asString()).isEqualTo("billing@acme.test");

        HttpResponse<byte[]> pdf = http.send(request("/api/v1/invoices/" + issued.id() + "/pdf", acmeKey),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(document)).contains("ACME-2026-0001");
        }

        HttpResponse<String> foreign = get("/api/v1/invoices/" + issued.id(), globexKey);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(get("/api/v1/invoices", globexKey)).get("invoices")).isEmpty();
        assertThat(get("/api/v1/invoices?size=0", acmeKey).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/invoices?page=10737419&size=200", acmeKey).statusCode()).isEqualTo(400);
        long draft = RunAs.user(users, "admin@acme.test", () -> invoices.createDraft(acme, LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 31)).id());
        assertThat(get("/api/v1/invoices/" + draft, acmeKey).statusCode()).as("drafts stay in the application").isEqualTo(404);
        assertThat(json(get("/api/v1/invoices", acmeKey)).get("invoices")).hasSize(1);
        assertThat(get("/api/v1/invoices", "tt_not-a-key").statusCode()).isEqualTo(401);
    }

    private HttpRequest request(String path, String key) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + key)
                .build();
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return http.send(request(path, key), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }
}
