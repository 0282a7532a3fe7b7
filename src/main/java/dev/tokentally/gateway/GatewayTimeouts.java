package dev.tokentally.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the gateway waits for a provider: for the first byte of its answer (headers and, for a stream, the first
 * event: reasoning models think before they write), between two pieces of a stream once it flows, and for the
 * whole call. When one runs out the call ends, is recorded with what was counted and lets its reservation go.
 */
@ConfigurationProperties("tokentally.gateway")
record GatewayTimeouts(Duration firstByteTimeout, Duration streamIdleTimeout, Duration totalTimeout) {

    GatewayTimeouts {
        positive("first-byte-timeout", firstByteTimeout);
        positive("stream-idle-timeout", streamIdleTimeout);
        positive("total-timeout", totalTimeout);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("tokentally.gateway." + name + " must be a positive duration such as 5m, not " + value);
        }
    }
}
