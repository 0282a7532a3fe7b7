package dev.tokentally.base.net;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound calls to addresses a tenant chooses ({@code tokentally.outbound.*}).
 *
 * @param allowPrivateAddresses let those calls reach loopback, link-local, private and unique-local addresses:
 *                              for receivers and identity providers inside the same network (and tests). Off by default.
 */
@ConfigurationProperties("tokentally.outbound")
public record OutboundProperties(@DefaultValue("false") boolean allowPrivateAddresses) {
}
