package dev.tokentally.gateway.routing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Routing's settings ({@code tokentally.gateway.routing.*}).
 *
 * @param file          the routes file (TOKENTALLY_GATEWAY_ROUTES_FILE); blank: none
 * @param fileCheck     how often the file is looked at for a change
 * @param retryAfterCap the longest {@code Retry-After} a route waits out before it tries the same target again; a
 *                      longer wait moves on to the next target
 */
@ConfigurationProperties("tokentally.gateway.routing")
public record RoutingProperties(String file, Duration fileCheck, Duration retryAfterCap) {

    public RoutingProperties {
        fileCheck = fileCheck == null || !fileCheck.isPositive() ? Duration.ofSeconds(5) : fileCheck;
        retryAfterCap = retryAfterCap == null || retryAfterCap.isNegative() ? Duration.ofSeconds(5) : retryAfterCap;
    }
}
