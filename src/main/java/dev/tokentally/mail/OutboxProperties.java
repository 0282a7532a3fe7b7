package dev.tokentally.mail;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Mail delivery from the outbox ({@code tokentally.mail.*}).
 *
 * @param from      the sender of every mail
 * @param sendEvery the pause between two deliveries of due mail (also read by the senders' schedules)
 */
@Validated
@ConfigurationProperties("tokentally.mail")
record OutboxProperties(@NotBlank String from, @NotNull @DurationMin(millis = 1) Duration sendEvery) {
}
