package dev.tokentally.reporting.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import dev.tokentally.usage.api.ApiHttp;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@TokentallyTest
class ChargebackApiTest {

    static final String ALPHA_NOVEMBER = "/api/v1/reports/chargeback?team=rt-alpha&month=2026-11";

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UsageRecorder recorder;

    ApiHttp api;
    String orgKey;
    String betaKey;

    @BeforeEach
    void alphaAndBeta() {
        api = new ApiHttp(port);
        Fixtures.AlphaAndBeta teams = fixtures.alphaAndBeta();
        long alpha = teams.alpha();
        long beta = teams.beta();
        orgKey = fixtures.apiKey("acme").secret();
        Fixtures.Key betaApp = fixtures.apiKey("acme");
        betaKey = betaApp.secret();
        fixtures.bindKey(betaApp.id(), beta);
        // 150,000 input tokens of gpt-4o-mini: USD 0.0225 × 1.104 = EUR 0.02484 → 0.02
        recorder.record(fixtures.organization("acme"), new ReportedCall("c1", "openai", "gpt-4o-mini",
                TokenCounts.of(150_000, 0), Attribution.of(null, "ext-7", null, null), null, Instant.parse("2026-11-05T10:00:00Z"), null,
                null, false, UsageSource.API).withTeam(alpha));
    }

    @Test
    void a_teams_statement_comes_as_json_csv_and_pdf() throws Exception {
        JsonNode statement = api.json(api.get(ALPHA_NOVEMBER, orgKey, "application/json"));
        assertThat(statement.get("team").asString()).isEqualTo("rt-alpha");
        assertThat(statement.get("month").asString()).isEqualTo("2026-11");
        assertThat(statement.get("lines").get(0).get("member").asString()).isEqualTo("ext-7");
        assertThat(statement.get("lines").get(0).get("exact_cost").asString()).isEqualTo("0.02484");
        assertThat(statement.get("lines").get(0).get("amount").get("amount").asString()).isEqualTo("0.02");
        assertThat(statement.get("total").get("amount").asString()).isEqualTo("0.02");
        assertThat(statement.get("total").get("currency").asString()).isEqualTo("EUR");

        HttpResponse<String> csv = api.get(ALPHA_NOVEMBER, orgKey, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"chargeback-rt-alpha-2026-11.csv\"");
        assertThat(csv.body()).contains("Alpha,2026-11,openai/gpt-4o-mini,ext-7,1,150000,0.02484,0.02,EUR",
                "Alpha,2026-11,total,,1,150000,,0.02,EUR");

        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + ALPHA_NOVEMBER))
                .header("Authorization", "Bearer " + orgKey).header("Accept", "application/pdf").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(document)).contains("Chargeback statement", "Team Alpha");
        }
    }

    @Test
    void a_key_bound_to_another_team_gets_404_like_for_a_team_that_does_not_exist() throws Exception {
        for (String path : new String[] {ALPHA_NOVEMBER, "/api/v1/reports/chargeback?team=no-such&month=2026-11"}) {
            HttpResponse<String> refused = api.get(path, path.contains("no-such") ? orgKey : betaKey, "application/json");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
            assertThat(api.isProblem(refused)).isTrue();
        }
        HttpResponse<String> own = api.get("/api/v1/reports/chargeback?team=rt-beta&month=2026-11", betaKey, "application/json");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(api.json(own).get("lines").size()).isZero();
        assertThat(api.json(own).get("total").get("amount").asString()).isEqualTo("0.00");
    }

    @Test
    void bad_parameters_are_400_problem_details() throws Exception {
        for (String query : new String[] {"?month=2026-11", "?team=rt-alpha&month=november", "?team=rt-alpha&month=1999-12",
                "?team=rt-alpha&month=2026-13", "?team=%00"}) {
            HttpResponse<String> response = api.get("/api/v1/reports/chargeback" + query, orgKey, "application/json");
            assertThat(response.statusCode()).as(query + " " + response.body()).isEqualTo(400);
            assertThat(api.isProblem(response)).as(query).isTrue();
        }
    }
}
