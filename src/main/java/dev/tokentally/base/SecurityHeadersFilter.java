package dev.tokentally.base;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers every response carries, pages, API, actuator, static files and errors alike: the browser takes a
 * response as the type it says it is ({@code nosniff}: an uploaded or echoed text never runs as a script), and
 * the address of a page (which names invoices, threads and organizations) goes to no other site as a referrer.
 * Set before anything runs, since Spring Security's header writers do not reach the pages Vaadin serves.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String REFERRER_POLICY = "same-origin";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", REFERRER_POLICY);
        chain.doFilter(request, response);
    }
}
