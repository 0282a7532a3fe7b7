package dev.tokentally.usage.api;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tokentally.base.api.MoneyJson;
import dev.tokentally.usage.RecordResult;
import dev.tokentally.usage.UsageEvent;
import io.swagger.v3.oas.annotations.media.Schema;

/** A recorded (or already recorded) event: its id, and its cost when a price was known. */
record RecordedEvent(String id, @Schema(allowableValues = {"recorded", "duplicate"}) String status, boolean priced,
                     @JsonProperty("raw_cost_usd") @Schema(type = "string", example = "0.0003132") String rawCostUsd,
                     @Schema(description = "The billed cost in the organization's currency; null when unpriced") MoneyJson cost) {

    static RecordedEvent of(RecordResult result) {
        UsageEvent event = result.event();
        BigDecimal raw = event.cost().rawCostUsd();
        return new RecordedEvent(event.id().toString(), result.status() == RecordResult.Status.RECORDED ? "recorded" : "duplicate",
                event.priced(), raw == null ? null : raw.stripTrailingZeros().toPlainString(),
                MoneyJson.of(event.cost().billedCost(), event.cost().billedCurrency()));
    }
}
