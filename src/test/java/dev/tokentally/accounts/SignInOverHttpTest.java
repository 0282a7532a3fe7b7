package dev.tokentally.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.userdetails.UserDetailsService;

/** HTTP basic on the actuator endpoints: the same lock and the same end of access as the views. */
@TokentallyTest
class SignInOverHttpTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    UserAccountService users;
    @Autowired
    UserDetailsService userDetails;

    private final HttpClient http = HttpClient.newHttpClient();

    private int metrics(String name, String password) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/metrics"))
                .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void wrong_passwords_over_http_basic_under_any_spelling_lock_the_account() throws Exception {
        assertThat(metrics("ROOT@tokentally.test ", "demo")).isEqualTo(200);
        for (String spelling : SignInTest.SPELLINGS.subList(1, 6)) {
            assertThat(metrics(spelling, "wrong")).isEqualTo(401);
        }

        assertThat(metrics("root@tokentally.test", "demo")).isEqualTo(401);
    }

    @Test
    void a_password_reset_or_a_deactivation_refuses_the_next_request() throws Exception {
        long id = RunAs.user(userDetails, "root@tokentally.test", () -> {
            UserAccount draft = new UserAccount();
            draft.setEmail("ops@tokentally.test");
            draft.setDisplayName("Ops");
            draft.setRole(Role.PLATFORM_ADMIN);
            return users.create(draft, null, "first-secret").getId();
        });
        assertThat(metrics("ops@tokentally.test", "first-secret")).isEqualTo(200);

        RunAs.user(userDetails, "root@tokentally.test", () -> {
            users.resetPassword(id, "second-secret");
            return null;
        });
        assertThat(metrics("ops@tokentally.test", "first-secret")).isEqualTo(401);
        assertThat(metrics("ops@tokentally.test", "second-secret")).isEqualTo(200);

        RunAs.user(userDetails, "root@tokentally.test", () -> users.setActive(id, false));
        assertThat(metrics("ops@tokentally.test", "second-secret")).isEqualTo(401);
    }
}
