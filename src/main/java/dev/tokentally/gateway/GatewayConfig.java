package dev.tokentally.gateway;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The gateway's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayLimits.class)
class GatewayConfig {
}
