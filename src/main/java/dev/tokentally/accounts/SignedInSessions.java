package dev.tokentally.accounts;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends signed-in sessions once the account's access changed (deactivated, another role, a new password: each
 * raises the account's session version). Two ways, both reading the database, so they work on every instance:
 * each request of a session compares the version its user signed in with against the account's (one
 * primary-key read), and once a second the sessions open on this instance are checked in one query against
 * the users their security contexts hold, so a view that only receives pushes (a dashboard left open) ends too.
 */
@Component
public class SignedInSessions implements HttpSessionListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SignedInSessions.class);

    private final JdbcClient jdbc;
    /** This instance's signed-in sessions by id; each keeps its user in its security context. */
    private final Map<String, HttpSession> open = new ConcurrentHashMap<>();
    /**
     * Sessions a request is using now, with how many requests: the sweeper leaves them alone, because a sign-in may
     * be replacing their user (the account's version already raised, the new context not yet saved), and ending the
     * session then would fail that request. The {@link #filter()} checks them on their next request instead.
     */
    private final Map<HttpSession, Integer> inRequest = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    SignedInSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean isCurrent(SignedInUser user) {
        return jdbc.sql("select session_version from app_user where id = ? and active").param(user.id())
                .query(Integer.class).optional().filter(version -> isCurrent(user, version)).isPresent();
    }

    /** Signed in since the account's last change (a session that raised the version itself may be ahead of it). */
    private static boolean isCurrent(SignedInUser user, Integer accountVersion) {
        return accountVersion != null && user.sessionVersion() >= accountVersion;
    }

    /** Ends this instance's sessions whose account changed since they signed in. */
    void sweep() {
        Map<String, SignedInUser> signedIn = new HashMap<>();
        open.forEach((id, session) -> userOf(session).ifPresentOrElse(user -> signedIn.put(id, user), () -> open.remove(id)));
        if (signedIn.isEmpty()) {
            return;
        }
        Map<Long, Integer> current = new HashMap<>();
        jdbc.sql("select id, session_version from app_user where active and id = any(?)")
                .param(signedIn.values().stream().map(SignedInUser::id).distinct().toArray(Long[]::new))
                .query((rs, row) -> current.put(rs.getLong(1), rs.getInt(2))).list();
        signedIn.forEach((id, user) -> {
            HttpSession session = open.get(id);
            if (session != null && !inRequest.containsKey(session) && !isCurrent(user, current.get(user.id()))) {
                end(id, session);
            }
        });
    }

    /** The user signed in to the session, read from the security context the session keeps. */
    private static Optional<SignedInUser> userOf(HttpSession session) {
        try {
            return session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)
                    instanceof SecurityContext context && context.getAuthentication() != null
                    && context.getAuthentication().getPrincipal() instanceof SignedInUser user
                    ? Optional.of(user) : Optional.empty();
        } catch (IllegalStateException ended) {
            return Optional.empty();
        }
    }

    private void end(String id, HttpSession session) {
        open.remove(id);
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyEnded) {
            // ended meanwhile: nothing left to do
        }
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        open.remove(event.getSession().getId());
    }

    /** The filter for a security chain: place it after the context is loaded and before anonymous sign-in. */
    public OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                var authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
                    HttpSession session = request.getSession(false);
                    if (!isCurrent(user)) {
                        if (session != null) {
                            end(session.getId(), session);
                        }
                        SecurityContextHolder.clearContext();
                    } else if (session != null) {
                        open.putIfAbsent(session.getId(), session);
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** The filter for the start of a security chain, before any sign-in: marks the request's session as in use. */
    public OncePerRequestFilter inUse() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                HttpSession session = request.getSession(false);
                if (session == null) {
                    chain.doFilter(request, response);
                    return;
                }
                inRequest.merge(session, 1, Integer::sum);
                try {
                    chain.doFilter(request, response);
                } finally {
                    inRequest.computeIfPresent(session, (used, requests) -> requests == 1 ? null : requests - 1);
                }
            }
        };
    }

    @Override
    public void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("session-sweeper").factory());
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException failed) {
                log.warn("Could not check the open sessions; trying again in a second", failed);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
