package dev.tokentally.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Token and cost counters by organization, provider and model for {@code /actuator/prometheus}; counted
 * once the usage is committed, on the instance that recorded it.
 */
@Component
class UsageMetrics {

    private final MeterRegistry registry;

    UsageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @TransactionalEventListener
    void count(UsageRecorded usage) {
        String organization = String.valueOf(usage.organizationId());
        Counter.builder("tokentally.usage.tokens").description("Tokens recorded in the ledger")
                .tags("organization", organization, "provider", usage.provider(), "model", usage.model())
                .register(registry).increment(usage.totalTokens());
        Counter.builder("tokentally.usage.events").description("Usage events recorded in the ledger")
                .tags("organization", organization, "provider", usage.provider(), "model", usage.model(),
                        "priced", String.valueOf(usage.rawCostUsd() != null))
                .register(registry).increment();
        if (usage.rawCostUsd() != null) {
            Counter.builder("tokentally.usage.cost.usd").description("Provider cost in USD before markup")
                    .tags("organization", organization, "provider", usage.provider(), "model", usage.model())
                    .register(registry).increment(usage.rawCostUsd().doubleValue());
        }
    }
}
