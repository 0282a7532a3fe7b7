package dev.tokentally.organizations;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a signed-in session once the account's access changed. Each request of a session compares the version
 * its user signed in with against the account's current one in the database (one primary-key read), so a
 * deactivation, a new role or a password reset takes effect on the next request, on every instance.
 */
@Component
public class SignedInSessions {

    private final JdbcClient jdbc;

    SignedInSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean isCurrent(SignedInUser user) {
        return jdbc.sql("select session_version from app_user where id = ? and active").param(user.id())
                .query(Integer.class).optional().filter(version -> version == user.sessionVersion()).isPresent();
    }

    /** The filter for a security chain: place it after the context is loaded and before anonymous sign-in. */
    public OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                var authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user
                        && !isCurrent(user)) {
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    SecurityContextHolder.clearContext();
                }
                chain.doFilter(request, response);
            }
        };
    }
}
