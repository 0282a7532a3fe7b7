package dev.tokentally.reporting.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.tokentally.base.CallTags;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.CsvRows;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import dev.tokentally.usage.api.ApiHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** A team's chargeback statement can be split by a tag key instead of by model and member. */
@TokentallyTest
class TagChargebackApiTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UsageRecorder recorder;

    @Test
    void a_statement_grouped_by_a_tag_key_has_a_line_per_value_adding_up_to_its_total() throws Exception {
        long alpha = fixtures.alphaAndBeta().alpha();
        String key = fixtures.apiKey("acme").secret();
        record("t1", 150_000, alpha, Map.of("project", "atlas"));
        record("t2", 300_000, alpha, Map.of("project", "atlas", "env", "dev"));
        record("t3", 150_000, alpha, Map.of("project", "borealis"));
        record("t4", 150_000, alpha, Map.of());
        ApiHttp api = new ApiHttp(port);
        String path = "/api/v1/reports/chargeback?team=rt-alpha&month=2026-11&group_by=tag:project";

        JsonNode statement = api.json(api.get(path, key, "application/json"));

        assertThat(statement.get("group_by").asString()).isEqualTo("tag:project");
        Map<String, String> amounts = new java.util.HashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode line : statement.get("lines")) {
            amounts.put(line.get("tag").asString(), line.get("exact_cost").asString());
            sum = sum.add(new BigDecimal(line.get("amount").get("amount").asString()));
        }
        // 150,000 input tokens of gpt-4o-mini bill EUR 0.02484
        assertThat(amounts).containsExactlyInAnyOrderEntriesOf(Map.of("atlas", "0.07452", "borealis", "0.02484",
                "(none)", "0.02484"));
        assertThat(new BigDecimal(statement.get("total").get("amount").asString())).isEqualByComparingTo(sum);

        List<List<String>> csv = CsvRows.read(api.get(path, key, "text/csv").body());
        assertThat(csv.getFirst()).containsSubsequence("tag_key", "tag_value");
        assertThat(csv).anySatisfy(row -> assertThat(row).containsSubsequence("project", "atlas"));
        assertThat(api.get("/api/v1/reports/chargeback?team=rt-alpha&month=2026-11&group_by=model", key, "application/json")
                .statusCode()).isEqualTo(400);
    }

    private void record(String idempotencyKey, long inputTokens, long team, Map<String, String> tags) {
        recorder.record(fixtures.organization("acme"), new ReportedCall(idempotencyKey, "openai", "gpt-4o-mini",
                TokenCounts.of(inputTokens, 0), Attribution.of(null, "ext-7", null, null), null,
                Instant.parse("2026-11-05T10:00:00Z"), null, null, false, UsageSource.API).withTeam(team)
                .withTags(CallTags.of(tags)));
    }
}
