package dev.tokentally.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;

/** Password sign-in through Spring Security's real authentication manager. */
@TokentallyTest
class SignInTest {

    @Autowired
    AuthenticationConfiguration authenticationConfiguration;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    AuthenticationManager authentication;

    @BeforeEach
    void setUp() throws Exception {
        authentication = authenticationConfiguration.getAuthenticationManager();
    }

    private void signIn(String email, String password) {
        authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(email, password));
    }

    @Test
    void signing_in_records_the_time_and_email_case_does_not_matter() {
        signIn("Alice@ACME.test", "demo");

        Instant last = jdbc.sql("select last_sign_in_at from app_user where email = 'alice@acme.test'")
                .query(Instant.class).single();
        assertThat(last).isEqualTo(clock.instant());
    }

    @Test
    void five_wrong_passwords_in_a_row_lock_the_account_for_15_minutes() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThatThrownBy(() -> signIn("bob@acme.test", "wrong")).isInstanceOf(BadCredentialsException.class);
        }
        signIn("bob@acme.test", "demo"); // a success clears the count
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThatThrownBy(() -> signIn("bob@acme.test", "wrong")).isInstanceOf(BadCredentialsException.class);
        }

        assertThatThrownBy(() -> signIn("bob@acme.test", "demo")).isInstanceOf(LockedException.class);
        clock.advance(Duration.ofMinutes(14));
        assertThatThrownBy(() -> signIn("bob@acme.test", "demo")).isInstanceOf(LockedException.class);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        signIn("bob@acme.test", "demo");
    }

    @Test
    void a_deactivated_user_cannot_sign_in() {
        fixtures.deactivate("alice@acme.test");

        assertThatThrownBy(() -> signIn("alice@acme.test", "demo")).isInstanceOf(DisabledException.class);
    }

    /** Spellings of root@tokentally.test that sign in: each must count toward the same lock. */
    static final List<String> SPELLINGS = List.of("root@tokentally.test", "root@tokentally.test ", " root@tokentally.test",
            "ROOT@Tokentally.TEST", "\troot@tokentally.test\t", "root@tokentally.test\n", "root@tokentally.test\r\n",
            "\u00a0root@tokentally.test\u3000", "\uff52\uff4f\uff4f\uff54@tokentally.test");

    @Test
    void every_spelling_of_a_name_that_signs_in_counts_toward_its_lock() {
        for (String spelling : SPELLINGS) {
            signIn(spelling, "demo");
            for (int attempt = 1; attempt <= 5; attempt++) {
                assertThatThrownBy(() -> signIn(spelling, "wrong")).as(spelling).isInstanceOf(BadCredentialsException.class);
            }
            assertThatThrownBy(() -> signIn("root@tokentally.test", "demo")).as(spelling).isInstanceOf(LockedException.class);
            clock.advance(Duration.ofMinutes(16));
        }
    }

    @Test
    void five_wrong_passwords_under_five_spellings_lock_the_account() {
        for (String spelling : SPELLINGS.subList(1, 6)) {
            assertThatThrownBy(() -> signIn(spelling, "wrong")).isInstanceOf(BadCredentialsException.class);
        }

        assertThatThrownBy(() -> signIn("root@tokentally.test", "demo")).isInstanceOf(LockedException.class);
    }

    @Test
    void a_password_longer_than_bcrypt_reads_is_just_wrong() {
        assertThatThrownBy(() -> signIn("alice@acme.test", "x".repeat(200))).isInstanceOf(BadCredentialsException.class);
    }
}
