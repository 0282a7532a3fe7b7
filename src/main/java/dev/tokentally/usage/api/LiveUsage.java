package dev.tokentally.usage.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tokentally.base.api.MoneyJson;
import dev.tokentally.usage.UsageSummary;

/** Today's usage of the organization, in its time zone. */
record LiveUsage(String date, long requests, @JsonProperty("input_tokens") long inputTokens,
                 @JsonProperty("output_tokens") long outputTokens, @JsonProperty("total_tokens") long totalTokens,
                 MoneyJson cost, @JsonProperty("unpriced_events") long unpricedEvents,
                 @JsonProperty("updated_at") String updatedAt) {

    static LiveUsage of(UsageSummary live) {
        return new LiveUsage(live.from().toString(), live.requests(), live.inputTokens(), live.outputTokens(),
                live.totalTokens(), MoneyJson.of(live.cost().amount(), live.cost().currency()), live.unpricedEvents(),
                live.updatedAt().toString());
    }
}
