package dev.tokentally.ui;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The REST API ({@code tokentally.api.*}).
 *
 * @param rateLimitPerSecond requests per second each API key may make (per instance); more get 429
 */
@Validated
@ConfigurationProperties("tokentally.api")
record ApiProperties(@Min(1) int rateLimitPerSecond) {
}
