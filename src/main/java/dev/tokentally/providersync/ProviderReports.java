package dev.tokentally.providersync;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The admin APIs' usage and cost reports, in their own shapes: OpenAI's buckets with unix times and USD
 * amounts, Anthropic's with ISO times, separate cache counts and costs as decimal strings in cents.
 * Rows go into {@code provider_usage} and {@code provider_cost} under the catalog's model name.
 */
final class ProviderReports {

    private ProviderReports() {
    }

    static Map<String, String> headers(ProviderAccount account, String key) {
        return account.provider().equals("anthropic") ? Map.of("x-api-key", key, "anthropic-version", "2023-06-01")
                : Map.of("Authorization", "Bearer " + key);
    }

    static PagedReader.Endpoint usage(ProviderAccount account, JdbcClient jdbc, BiFunction<String, String, String> canonical) {
        boolean anthropic = account.provider().equals("anthropic");
        return new PagedReader.Endpoint() {
            @Override
            public String name() {
                return "usage";
            }

            @Override
            public URI page(Instant start, Instant end, String token) {
                return anthropic
                        ? URI.create(account.effectiveBaseUrl() + "/v1/organizations/usage_report/messages?starting_at=" + start
                        + "&ending_at=" + end + "&bucket_width=1d&group_by%5B%5D=model" + pageParameter(token))
                        : URI.create(account.effectiveBaseUrl() + "/v1/organization/usage/completions?start_time="
                        + start.getEpochSecond() + "&end_time=" + end.getEpochSecond()
                        + "&bucket_width=1d&group_by=model&limit=31" + pageParameter(token));
            }

            @Override
            public void write(JsonNode page) {
                // Dated snapshots of one model (gpt-4o-2024-08-06, gpt-4o-2024-11-20) are one catalog model: add them up.
                Map<String, long[]> sums = new LinkedHashMap<>();
                for (JsonNode bucket : page.path("data")) {
                    LocalDate day = day(bucket, anthropic);
                    for (JsonNode result : bucket.path("results")) {
                        String model = canonical.apply(account.provider(), result.path("model").asString("unknown"));
                        long[] sum = sums.computeIfAbsent(day + " " + model, key -> new long[5]);
                        sum[0] += anthropic ? result.path("uncached_input_tokens").asLong() : result.path("input_tokens").asLong();
                        sum[1] += anthropic ? result.path("cache_read_input_tokens").asLong() : result.path("input_cached_tokens").asLong();
                        sum[2] += anthropic ? result.path("cache_creation").path("ephemeral_5m_input_tokens").asLong()
                                + result.path("cache_creation").path("ephemeral_1h_input_tokens").asLong() : 0;
                        sum[3] += result.path("output_tokens").asLong();
                        sum[4] += result.path("num_model_requests").asLong();
                    }
                }
                sums.forEach((key, sum) -> jdbc.sql("""
                                insert into provider_usage (account_id, day, model, input_tokens, cached_tokens, cache_write_tokens,
                                                            output_tokens, requests)
                                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (account_id, day, model) do update
                                set input_tokens = excluded.input_tokens, cached_tokens = excluded.cached_tokens,
                                    cache_write_tokens = excluded.cache_write_tokens, output_tokens = excluded.output_tokens,
                                    requests = excluded.requests""")
                        .params(account.id(), Date.valueOf(LocalDate.parse(key.substring(0, 10))), key.substring(11), sum[0], sum[1],
                                sum[2], sum[3], sum[4])
                        .update());
            }
        };
    }

    static PagedReader.Endpoint costs(ProviderAccount account, JdbcClient jdbc, BiFunction<String, String, String> canonical) {
        boolean anthropic = account.provider().equals("anthropic");
        return new PagedReader.Endpoint() {
            @Override
            public String name() {
                return "costs";
            }

            @Override
            public URI page(Instant start, Instant end, String token) {
                return anthropic
                        ? URI.create(account.effectiveBaseUrl() + "/v1/organizations/cost_report?starting_at=" + start
                        + "&ending_at=" + end + "&group_by%5B%5D=description" + pageParameter(token))
                        : URI.create(account.effectiveBaseUrl() + "/v1/organization/costs?start_time=" + start.getEpochSecond()
                        + "&end_time=" + end.getEpochSecond() + "&bucket_width=1d&group_by=line_item&limit=180" + pageParameter(token));
            }

            @Override
            public void write(JsonNode page) {
                for (JsonNode bucket : page.path("data")) {
                    LocalDate day = day(bucket, anthropic);
                    for (JsonNode result : bucket.path("results")) {
                        String lineItem;
                        String model;
                        BigDecimal usd;
                        if (anthropic) {
                            // Anthropic reports cost as a decimal string in cents.
                            usd = new BigDecimal(result.path("amount").asString("0")).movePointLeft(2);
                            model = result.path("model").asString("unknown");
                            lineItem = String.join("|", result.path("description").asString(""), model,
                                    result.path("token_type").asString(""), result.path("cost_type").asString(""));
                        } else {
                            usd = new BigDecimal(result.path("amount").path("value").asString("0"));
                            lineItem = result.path("line_item").asString("unknown") + "|" + result.path("project_id").asString("");
                            model = result.path("line_item").asString("unknown").split(",")[0].trim();
                        }
                        jdbc.sql("""
                                        insert into provider_cost (account_id, day, line_item, model, cost_usd) values (?, ?, ?, ?, ?)
                                        on conflict (account_id, day, line_item) do update set model = excluded.model,
                                            cost_usd = excluded.cost_usd""")
                                .params(account.id(), Date.valueOf(day), lineItem, canonical.apply(account.provider(), model), usd)
                                .update();
                    }
                }
            }
        };
    }

    private static LocalDate day(JsonNode bucket, boolean anthropic) {
        return anthropic ? Instant.parse(bucket.path("starting_at").asString()).atZone(ZoneOffset.UTC).toLocalDate()
                : Instant.ofEpochSecond(bucket.path("start_time").asLong()).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String pageParameter(String token) {
        return token == null ? "" : "&page=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
