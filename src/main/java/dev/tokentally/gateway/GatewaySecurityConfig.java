package dev.tokentally.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The gateway's endpoints are stateless and authenticate their own API keys, because a refused key must be
 * answered in the caller's provider format ({@code {"error":{...}}}), which Spring Security's entry points do
 * not speak. Before the UI's catch-all chain.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfig {

    @Bean
    @Order(2)
    SecurityFilterChain gatewaySecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/v1/**", "/openai/deployments/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
