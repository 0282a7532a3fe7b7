package dev.tokentally.mail.channels;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Delivery of alert channel messages ({@code tokentally.alerts.*}).
 *
 * @param deliveryTimeout how long one receiver may take to answer before its message waits for a later attempt
 */
@Validated
@ConfigurationProperties("tokentally.alerts")
record AlertChannelProperties(@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration deliveryTimeout) {
}
