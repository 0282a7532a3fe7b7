package dev.tokentally.providersync;

import java.math.BigDecimal;
import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * Reading provider APIs ({@code tokentally.sync.*}).
 *
 * @param attempts               attempts per request
 * @param backoff                the first pause between two attempts (it doubles)
 * @param timeout                the timeout of one request
 * @param priceSyncCron          when price sync runs (also read by {@link PriceSync}'s schedule)
 * @param usageSyncEvery         the pause between two usage syncs (also read by {@link UsageSync}'s schedule)
 * @param usageWindowDays        how far back a usage sync reads when it has no cursor yet
 * @param tolerancePercent       our figures and the provider's match when they differ by at most this share
 * @param addNewOpenrouterModels price sync also adds OpenRouter's chat models the catalog does not have
 */
@Validated
@ConfigurationProperties("tokentally.sync")
record SyncProperties(@Min(1) int attempts, @NotNull @DurationMin(nanos = 0) Duration backoff,
                      @NotNull @DurationMin(millis = 1) Duration timeout, String priceSyncCron,
                      @NotNull @DurationMin(millis = 1) Duration usageSyncEvery, @Min(1) int usageWindowDays,
                      @NotNull @DecimalMin("0") BigDecimal tolerancePercent, boolean addNewOpenrouterModels) {

    SyncProperties {
        if (!CronExpression.isValidExpression(priceSyncCron)) {
            throw new IllegalArgumentException("tokentally.sync.price-sync-cron is not a cron expression such as "
                    + "\"0 40 3 * * *\" (second minute hour day month weekday): " + priceSyncCron);
        }
    }
}
