package dev.tokentally.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@TokentallyTest
class FirstPlatformAdminTest {

    @Autowired
    FirstPlatformAdmin firstPlatformAdmin;
    @Autowired
    JdbcClient jdbc;

    private String platformAdmins() {
        return jdbc.sql("select string_agg(email, ',') from app_user where role = 'PLATFORM_ADMIN'")
                .query(String.class).optional().orElse(null);
    }

    @Test
    void an_installation_without_a_platform_admin_gets_exactly_one() {
        // A fresh installation's state, which no service makes: none deletes a platform admin.
        jdbc.sql("delete from app_user where role = 'PLATFORM_ADMIN'").update();

        firstPlatformAdmin.run(null);
        firstPlatformAdmin.run(null);

        assertThat(platformAdmins()).isEqualTo("admin@tokentally.local");
        assertThat(jdbc.sql("select password_hash from app_user where email = 'admin@tokentally.local'")
                .query(String.class).single()).startsWith("{bcrypt}");
    }

    @Test
    void an_admin_password_longer_than_bcrypt_reads_stops_the_start_with_the_reason() {
        assertThatThrownBy(() -> new FirstPlatformAdmin(null, null, new FirstPlatformAdmin.AdminProperties("admin@example.test", "ü".repeat(37))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("TOKENTALLY_ADMIN_PASSWORD is not usable: Password must be at least 8 characters "
                        + "and at most 72 bytes");
        assertThat(new FirstPlatformAdmin(null, null, new FirstPlatformAdmin.AdminProperties("admin@example.test", "ü".repeat(36)))).isNotNull();
    }

    @Test
    void an_existing_platform_admin_is_left_alone() {
        firstPlatformAdmin.run(null);

        assertThat(platformAdmins()).isEqualTo("root@tokentally.test");
    }
}
