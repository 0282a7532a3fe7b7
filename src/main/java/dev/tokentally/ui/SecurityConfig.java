package dev.tokentally.ui;

import static org.springframework.security.config.Customizer.withDefaults;

import java.time.Clock;
import java.time.Duration;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.tokentally.accounts.IdentityProviderRegistrations;
import dev.tokentally.accounts.OidcSignIn;
import dev.tokentally.accounts.SignedInSessions;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.Roles;
import dev.tokentally.base.RateLimiter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.SessionManagementConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Who may reach what. Views state their roles with annotations (a view without one is denied);
 * services repeat the rules with method security; actuator endpoints have their own chain.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(ApiProperties.class)
class SecurityConfig {

    /** Health is public for load balancers; every other actuator endpoint is for platform admins. */
    @Bean
    @Order(1)
    SecurityFilterChain actuatorSecurity(HttpSecurity http, SignedInSessions sessions) throws Exception {
        return http.securityMatcher("/actuator/**")
                .addFilterBefore(sessions.filter(), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole(Roles.PLATFORM_ADMIN))
                .httpBasic(withDefaults())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(basicEntryPoint()))
                .sessionManagement(SecurityConfig::statelessKeepingTheBrowsersSession)
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /**
     * No session, and none touched: a page that calls the API (or a platform admin's browser that opens a metric)
     * sends its session cookie along, and session-fixation protection gave that session a new id on every call, so
     * a request the page sent meanwhile with the old cookie found no session (an open dashboard signed out under load).
     */
    private static void statelessKeepingTheBrowsersSession(SessionManagementConfigurer<HttpSecurity> session) {
        session.sessionCreationPolicy(SessionCreationPolicy.STATELESS).sessionFixation(fixation -> fixation.none());
    }

    private static BasicAuthenticationEntryPoint basicEntryPoint() {
        BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
        entryPoint.setRealmName("Tokentally");
        return entryPoint;
    }

    /**
     * The REST API: stateless, one organization API key per request. Lean, since every recorded call of an
     * integration passes it: no session (and none touched), no request cache, no CSRF, no logout, no anonymous user, no servlet API
     * wrapper; the key filter answers every refusal itself.
     */
    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, Clock clock,
                                    ApiProperties api) throws Exception {
        return http.securityMatcher("/api/**")
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, new RateLimiter(Duration.ofSeconds(1), clock),
                                api.rateLimitPerSecond()),
                        BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("API"))
                .sessionManagement(SecurityConfig::statelessKeepingTheBrowsersSession)
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .servletApi(servletApi -> servletApi.disable())
                .build();
    }

    /**
     * What the pages may load. Vaadin Flow needs inline and evaluated scripts and inline styles (its client
     * engine starts from an inline script and runs the expressions the server sends); everything else comes
     * from the application itself, images included, so a Markdown image in a chat answer cannot carry data to
     * another host.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    @Bean
    @Order(3)
    SecurityFilterChain uiSecurity(HttpSecurity http, SignedInSessions sessions, IdentityProviderRegistrations registrations,
                                   OidcSignIn oidcSignIn, RequestUtil vaadinRequests) throws Exception {
        // A session whose user was deactivated, given another role or a new password ends on its next request.
        http.addFilterBefore(sessions.filter(), AnonymousAuthenticationFilter.class)
                // A session stays open while a request (a sign-in among them) is using it.
                .addFilterBefore(sessions.inUse(), SecurityContextHolderFilter.class)
                // Set before the chain runs: Spring Security's header writer adds nothing to the pages Vaadin serves.
                .addFilterBefore((request, response, chain) -> {
                    ((HttpServletResponse) response).setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                    chain.doFilter(request, response);
                }, SecurityContextHolderFilter.class)
                // A signed-in user asking for a path nothing serves gets 404, not the catch-all's 403.
                .addFilterBefore(new UnknownPathFilter(vaadinRequests), AuthorizationFilter.class);
        // An error dispatch (a 401 from the actuator chain, say) renders its status instead of a sign-in redirect.
        http.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                // The API's description is public: the API page for people and the OpenAPI document.
                .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll());
        // Sign-in with OpenID Connect beside the password form: Spring Security's client does the protocol, with
        // registrations from the database and the environment and our accounts as the principal. The tokens are
        // needed only to sign in, so they stay in the session (and go with it) instead of a store of their own.
        http.oauth2Login(oidc -> oidc.loginPage("/login")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(oidcSignIn))
                // A provider that cannot be reached or was removed sends back to the sign-in page, not to an error 500.
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(new SimpleUrlAuthenticationFailureHandler("/login?error"));
                        return filter;
                    }
                }));
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class))
                .build();
    }
}
