package dev.tokentally.mail.channels;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery of alert channel messages ({@code tokentally.alerts.*}).
 *
 * @param deliveryTimeout how long one receiver may take to answer before its message waits for a later attempt
 */
@ConfigurationProperties("tokentally.alerts")
record AlertChannelProperties(@DefaultValue("10s") Duration deliveryTimeout) {
}
