package dev.tokentally.reporting.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.UsageCsv;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The reports API's CSV goes through the one CSV writer: text stays in its cell and never runs as a formula. */
@TokentallyTest
class ReportsCsvTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UsageRecorder recorder;

    @Test
    void reported_text_with_line_breaks_and_formulas_stays_one_inert_cell() throws Exception {
        String key = fixtures.apiKey("acme").secret();
        long acme = fixtures.organization("acme");
        recorder.record(acme, new ReportedCall("csv-1", "openai", "gpt-4o-mini", TokenCounts.of(10, 10), Attribution.of(null, "+ext\r\nuser", "=HYPERLINK(\"http://evil.test\")\rbot", "-2+3"), null, Instant.parse("2026-11-20T09:00:00Z"),
                null, null, false, UsageSource.API));

        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/usage/events?from=2026-11-19&to=2026-11-21"))
                .header("Authorization", "Bearer " + key).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofString());

        List<List<String>> rows = CsvRows.read(csv.body());
        assertThat(rows).hasSize(2);
        List<String> event = rows.get(1);
        assertThat(event.get(UsageCsv.HEADER.indexOf("user"))).isEqualTo("'+ext\r\nuser");
        assertThat(event.get(UsageCsv.HEADER.indexOf("agent"))).isEqualTo("'=HYPERLINK(\"http://evil.test\")\rbot");
        assertThat(event.get(UsageCsv.HEADER.indexOf("session"))).isEqualTo("'-2+3");
        assertThat(event.get(UsageCsv.HEADER.indexOf("input_tokens"))).isEqualTo("10");
    }
}
