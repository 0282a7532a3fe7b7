package dev.tokentally.models;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How model calls are made ({@code tokentally.chat.*}), by the chat and the gateway alike.
 *
 * @param demoPace        pause between the words of the offline demo model's answer, so streaming is visible
 * @param attempts        attempts for a call that fails with 429 or 5xx before its first token
 * @param backoff         the first pause between two attempts (it doubles)
 * @param circuitFailures consecutive real failures that open the circuit of a connection and model
 * @param circuitOpenFor  how long an open circuit stays open
 */
@Validated
@ConfigurationProperties("tokentally.chat")
public record ModelCallProperties(@NotNull @DurationMin(nanos = 0) Duration demoPace, @Min(1) int attempts,
                                  @NotNull @DurationMin(nanos = 0) Duration backoff, @Min(1) int circuitFailures,
                                  @NotNull @DurationMin(millis = 1) Duration circuitOpenFor) {
}
