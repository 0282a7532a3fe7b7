package dev.tokentally.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/** The once-a-second sweep ends sessions whose account changed, but not one a request (a sign-in, say) is using. */
@TokentallyTest
class SignedInSessionsTest {

    @Autowired
    SignedInSessions sessions;
    @Autowired
    UserDetailsService userDetails;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    /** A session signed in as Alice, known to the sweep after one request. */
    private MockHttpSession aliceSession() throws Exception {
        SignedInUser alice = (SignedInUser) userDetails.loadUserByUsername("alice@acme.test");
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(alice, null, alice.getAuthorities()));
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        SecurityContextHolder.setContext(context);
        sessions.filter().doFilter(request(session), new MockHttpServletResponse(), new MockFilterChain());
        SecurityContextHolder.clearContext();
        return session;
    }

    private static MockHttpServletRequest request(MockHttpSession session) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setSession(session);
        return request;
    }

    private void changeAlicesAccess() {
        fixtures.updateUser("alice@acme.test", alice -> alice.setRole(Role.ORG_ADMIN));
    }

    @Test
    void a_session_whose_account_changed_ends_at_the_next_sweep() throws Exception {
        MockHttpSession session = aliceSession();
        changeAlicesAccess();

        sessions.sweep();

        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void a_session_in_a_request_is_left_to_that_request_and_ends_at_the_sweep_after_it() throws Exception {
        MockHttpSession session = aliceSession();

        sessions.inUse().doFilter(request(session), new MockHttpServletResponse(), (request, response) -> {
            // As a sign-in does: the account's version goes up before the new security context is saved.
            changeAlicesAccess();
            sessions.sweep();
            assertThat(session.isInvalid()).as("ended in the middle of its request").isFalse();
        });
        assertThat(session.isInvalid()).isFalse();

        sessions.sweep();
        assertThat(session.isInvalid()).as("still signed in as Alice before the change").isTrue();
    }
}
