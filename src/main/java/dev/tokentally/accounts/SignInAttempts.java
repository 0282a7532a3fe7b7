package dev.tokentally.accounts;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Five wrong passwords in a row lock an account for 15 minutes; a successful sign-in clears the count
 * and records when it happened.
 */
@Component
class SignInAttempts {

    static final int MAX_FAILURES = 5;
    static final Duration LOCK_TIME = Duration.ofMinutes(15);

    private final UserAccountRepository users;
    private final Clock clock;

    SignInAttempts(UserAccountRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @EventListener
    @Transactional
    void onWrongPassword(AuthenticationFailureBadCredentialsEvent event) {
        users.countFailedSignIn(SignInName.normalize(event.getAuthentication().getName()), MAX_FAILURES,
                clock.instant().plus(LOCK_TIME));
    }

    @EventListener
    @Transactional
    void onSignIn(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof SignedInUser user) {
            users.recordSignIn(user.email(), clock.instant());
        }
    }
}
