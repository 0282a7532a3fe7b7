package dev.tokentally.ui;

import static org.springframework.security.config.Customizer.withDefaults;

import java.time.Clock;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.tokentally.organizations.ApiKeys;
import dev.tokentally.organizations.Roles;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may reach what. Views state their roles with annotations (a view without one is denied);
 * services repeat the rules with method security; actuator endpoints have their own chain.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

    /** Health is public for load balancers; every other actuator endpoint is for platform admins. */
    @Bean
    @Order(1)
    SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole(Roles.PLATFORM_ADMIN))
                .httpBasic(withDefaults())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(basicEntryPoint()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    private static BasicAuthenticationEntryPoint basicEntryPoint() {
        BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
        entryPoint.setRealmName("Tokentally");
        return entryPoint;
    }

    /** The REST API: stateless, one organization API key per request, no sessions, no CSRF. */
    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, Clock clock,
                                    @Value("${tokentally.api.rate-limit-per-second:100}") int rateLimit) throws Exception {
        return http.securityMatcher("/api/**")
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, new ApiRateLimiter(rateLimit, clock)),
                        BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("API"))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain uiSecurity(HttpSecurity http) throws Exception {
        // An error dispatch (a 401 from the actuator chain, say) renders its status instead of a sign-in redirect.
        http.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                // The API's description is public: the API page for people and the OpenAPI document.
                .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll());
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class))
                .build();
    }
}
