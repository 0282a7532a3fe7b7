package dev.tokentally.reporting.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tokentally.base.api.MoneyJson;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.reporting.Breakdown;
import dev.tokentally.usage.EventCost;
import dev.tokentally.usage.SeriesPoint;
import dev.tokentally.usage.UsageEvent;
import dev.tokentally.usage.UsageEvents;
import io.swagger.v3.oas.annotations.media.Schema;

/** The reports API's answers; days are the organization's, money decimal strings. */
final class ReportsJson {

    private ReportsJson() {
    }

    record Metrics(String from, String to, MetricsSummary summary, List<UserRow> users, List<AgentRow> agents,
                   List<ModelRow> models, List<TeamRow> teams, @JsonProperty("api_keys") List<ApiKeyRow> apiKeys) {
    }

    record MetricsSummary(@JsonProperty("total_requests") long totalRequests, @JsonProperty("total_tokens") long totalTokens,
                   @JsonProperty("total_cost") MoneyJson totalCost, @JsonProperty("active_users") long activeUsers,
                   @JsonProperty("active_sessions") long activeSessions) {
    }

    record UserRow(String user, long requests, long tokens, MoneyJson cost) {
        static UserRow of(Breakdown row, String currency) {
            return new UserRow(row.key(), row.requests(), row.totalTokens(), MoneyJson.of(row.cost(), currency));
        }
    }

    record AgentRow(String agent, long requests, long tokens, MoneyJson cost) {
        static AgentRow of(Breakdown row, String currency) {
            return new AgentRow(row.key(), row.requests(), row.totalTokens(), MoneyJson.of(row.cost(), currency));
        }
    }

    record ModelRow(String model, long requests, long tokens, MoneyJson cost) {
        static ModelRow of(Breakdown row, String currency) {
            return new ModelRow(row.key(), row.requests(), row.totalTokens(), MoneyJson.of(row.cost(), currency));
        }
    }

    /** A team by name; "no team" for usage attributed to none. */
    record TeamRow(String team, long requests, long tokens, MoneyJson cost) {
        static TeamRow of(Breakdown row, String currency) {
            return new TeamRow(row.key(), row.requests(), row.totalTokens(), MoneyJson.of(row.cost(), currency));
        }
    }

    /** An API key by name; "no key" for usage that came through none (chat, sync). */
    record ApiKeyRow(@JsonProperty("api_key") String apiKey, long requests, long tokens, MoneyJson cost) {
        static ApiKeyRow of(Breakdown row, String currency) {
            return new ApiKeyRow(row.key(), row.requests(), row.totalTokens(), MoneyJson.of(row.cost(), currency));
        }
    }

    record CostAnalysis(String from, String to, String granularity, @JsonProperty("group_by") String groupBy,
                        List<CostPoint> series) {
    }

    record CostPoint(String bucket, String group, long requests, long tokens, MoneyJson cost) {
        static CostPoint of(SeriesPoint point, String currency) {
            return new CostPoint(point.bucket().toString(), point.key(), point.requests(), point.totalTokens(),
                    MoneyJson.of(point.cost(), currency));
        }
    }

    record EventsPage(int page, int size, long total, List<UsageEventRow> events) {
    }

    /** One event of the events API; who, how many tokens and how the call came are parts of their own, written inline. */
    record UsageEventRow(String id, @JsonProperty("occurred_at") String occurredAt, String source, String provider, String model,
                         @JsonUnwrapped EventWho who, @JsonUnwrapped EventTokens tokens,
                         @JsonProperty("raw_cost_usd") String rawCostUsd, MoneyJson cost,
                         @JsonProperty("idempotency_key") String idempotencyKey, @JsonUnwrapped EventChannel channel,
                         @JsonProperty("cache_hit") @Schema(description = "Answered from the gateway's response cache, at no cost")
                         boolean cacheHit,
                         @Schema(description = "What a cache hit saved: the cost of the call whose answer it reused") MoneyJson saved,
                         @Schema(description = "The call's tags, key to value; empty when none") Map<String, String> tags) {

        static UsageEventRow of(UsageEvents.Listed listed) {
            UsageEvent e = listed.event();
            EventCost cost = e.cost();
            return new UsageEventRow(e.id().toString(), e.occurredAt().toString(), e.source().name(), e.provider(), e.model(),
                    new EventWho(listed.user(), e.attribution().agent(), listed.teamName(), listed.apiKeyName(),
                            e.attribution().session()),
                    EventTokens.of(e.tokens()),
                    cost.rawCostUsd() == null ? null : cost.rawCostUsd().stripTrailingZeros().toPlainString(),
                    MoneyJson.of(cost.billedCost(), cost.billedCurrency()), e.idempotencyKey(),
                    new EventChannel(listed.channel().connection(), listed.channel().wireFormat()), e.cacheHit(),
                    MoneyJson.of(e.saved(), cost.billedCurrency()), listed.tags().values());
        }
    }

    /** Whose call an event was: member or external user, agent, team, key and session, by name. */
    record EventWho(String user, String agent, String team, @JsonProperty("api_key") String apiKey, String session) {
    }

    /** Every token type of an event, as its provider counted them (see {@code provider}: OpenAI counts cached input inside input). */
    record EventTokens(@JsonProperty("input_tokens") long inputTokens,
                       @JsonProperty("cached_input_tokens") @Schema(description = "Input read from the provider's cache")
                       long cachedInputTokens,
                       @JsonProperty("cache_write_5m_tokens") @Schema(description = "Input written to a cache kept 5 minutes")
                       long cacheWrite5mTokens,
                       @JsonProperty("cache_write_1h_tokens") @Schema(description = "Input written to a cache kept 1 hour")
                       long cacheWrite1hTokens,
                       @JsonProperty("output_tokens") long outputTokens,
                       @JsonProperty("reasoning_tokens") @Schema(description = "Output spent on reasoning") long reasoningTokens) {

        static EventTokens of(TokenCounts tokens) {
            return new EventTokens(tokens.input(), tokens.cachedInput(), tokens.cacheWrite5m(), tokens.cacheWrite1h(),
                    tokens.output(), tokens.reasoning());
        }
    }

    /** How the call reached its model; both null for events recorded before the ledger kept them. */
    record EventChannel(@Schema(description = "The connection that served the call (for the gateway and the chat, the"
                                + " provider connection's code); null when unknown, as for usage an application reports",
                                example = "openai", nullable = true) String connection,
                        @JsonProperty("wire_format") @Schema(description = "The format the call was made in: chat_completions,"
                                + " responses, completions, anthropic_messages or embeddings through the gateway; member_chat,"
                                + " usage_api, provider_sync or import otherwise", example = "responses", nullable = true)
                        String wireFormat) {
    }
}
