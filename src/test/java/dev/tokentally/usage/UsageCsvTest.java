package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.tokentally.pricing.TokenCounts;
import org.junit.jupiter.api.Test;

class UsageCsvTest {

    private static UsageEvents.Listed event(String agent, String session, BigDecimal billed) {
        UsageEvent event = new UsageEvent(UUID.fromString("00000000-0000-0000-0000-000000000001"), 1, "openai", "gpt-4o-mini",
                new TokenCounts(10, 0, 0, 0, 5, 0, 1), new EventCost(billed, billed, "EUR", 7L), UsageSource.API, "key-1",
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T10:00:01Z"),
                Attribution.of(null, "ext", agent, session), false);
        return new UsageEvents.Listed(event, null, "Research", "ci-pipeline", new CallChannel("usage_api", null));
    }

    @Test
    void one_line_per_event_with_exact_money_and_quoted_text() {
        String csv = UsageCsv.write(List.of(event("bot, v2", "say \"hi\"", new BigDecimal("0.000345772800"))));

        assertThat(csv.lines()).hasSize(2);
        assertThat(csv.lines().skip(1).findFirst()).get().asString()
                .contains(",\"bot, v2\",Research,ci-pipeline,\"say \"\"hi\"\"\",")
                .contains(",0.0003457728,0.0003457728,EUR,");
    }

    @Test
    void each_event_names_its_team_and_api_key_and_leaves_them_empty_without() {
        UsageEvents.Listed withBoth = event("bot", "s1", BigDecimal.ONE);
        UsageEvents.Listed without = new UsageEvents.Listed(withBoth.event(), null, null, null,
                new CallChannel(null, null));

        List<List<String>> rows = dev.tokentally.testsupport.CsvRows.read(UsageCsv.write(List.of(withBoth, without)));

        assertThat(rows.get(0)).containsSubsequence("agent", "team", "api_key", "session");
        assertThat(rows.get(1).get(UsageCsv.HEADER.indexOf("team"))).isEqualTo("Research");
        assertThat(rows.get(1).get(UsageCsv.HEADER.indexOf("api_key"))).isEqualTo("ci-pipeline");
        assertThat(rows.get(2).get(UsageCsv.HEADER.indexOf("team"))).isEmpty();
        assertThat(rows.get(2).get(UsageCsv.HEADER.indexOf("api_key"))).isEmpty();
    }

    @Test
    void reported_text_cannot_start_a_spreadsheet_formula() {
        String csv = UsageCsv.write(List.of(event("=HYPERLINK(\"x\")", "@SUM(A1)", null)));

        assertThat(csv).contains("'=HYPERLINK").contains("'@SUM(A1)").doesNotContain(",=HYPERLINK");
    }

    @Test
    void a_line_break_in_reported_text_adds_no_row_and_a_negative_amount_stays_a_number() {
        String csv = UsageCsv.write(List.of(event("bot\r\n=HYPERLINK(\"http://evil.test\")\rend", "\t-1+1", new BigDecimal("-0.50"))));

        List<List<String>> rows = dev.tokentally.testsupport.CsvRows.read(csv);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo(UsageCsv.HEADER);
        assertThat(rows.get(1).get(UsageCsv.HEADER.indexOf("agent"))).isEqualTo("bot\r\n=HYPERLINK(\"http://evil.test\")\rend");
        assertThat(rows.get(1).get(UsageCsv.HEADER.indexOf("session"))).isEqualTo("'\t-1+1");
        assertThat(rows.get(1).get(UsageCsv.HEADER.indexOf("billed_cost"))).isEqualTo("-0.5");
    }
}
