package dev.tokentally.credits;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Prepaid credits ({@code tokentally.credits.*}).
 *
 * @param expireEvery the pause between two runs of the job that writes off expired credit and forgets stale holds
 *                    (also read by {@link WalletExpiry}'s schedule); expired credit is never used meanwhile
 */
@Validated
@ConfigurationProperties("tokentally.credits")
record CreditsProperties(@NotNull @DurationMin(millis = 1) Duration expireEvery) {
}
