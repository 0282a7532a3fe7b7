package dev.tokentally.ui;

import java.io.IOException;

import com.vaadin.flow.spring.security.RequestUtil;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in user refused by the UI chain's rules asked for a path that is neither a view nor a file of
 * the application: Vaadin's catch-all denies every such path. That is a page that does not exist, so it is
 * answered 404 (Spring Boot's error page, {@code static/error/404.html} for browsers), not 403. A visitor
 * who is not signed in is still sent to sign in.
 */
class UnknownPathFilter extends OncePerRequestFilter {

    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final RequestUtil vaadinRequests;

    UnknownPathFilter(RequestUtil vaadinRequests) {
        this.vaadinRequests = vaadinRequests;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AccessDeniedException denied) {
            if (!trust.isAuthenticated(SecurityContextHolder.getContext().getAuthentication()) || response.isCommitted()
                    || isVaadinPath(request)) {
                throw denied;
            }
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /** A view or Vaadin's own request: a refusal there is a real one (Vaadin answers for views itself). */
    private boolean isVaadinPath(HttpServletRequest request) {
        return vaadinRequests.isSecuredFlowRoute(request) || vaadinRequests.isAnonymousRoute(request)
                || vaadinRequests.isFrameworkInternalRequest(request);
    }
}
