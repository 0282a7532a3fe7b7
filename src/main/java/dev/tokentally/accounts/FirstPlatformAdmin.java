package dev.tokentally.accounts;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * An installation without a platform admin gets one at start-up: from {@code TOKENTALLY_ADMIN_EMAIL} and
 * {@code TOKENTALLY_ADMIN_PASSWORD}, or with a generated password that is printed once.
 * Runs after demo data, which brings its own admin.
 */
@Component
@Order(100)
@EnableConfigurationProperties(FirstPlatformAdmin.AdminProperties.class)
class FirstPlatformAdmin implements ApplicationRunner {

    /**
     * The first platform admin ({@code tokentally.admin.*}).
     *
     * @param email    its email; empty: {@code admin@tokentally.local}
     * @param password its password; empty: a generated one, printed once
     */
    @ConfigurationProperties("tokentally.admin")
    record AdminProperties(String email, String password) {
    }

    private static final Logger log = LoggerFactory.getLogger(FirstPlatformAdmin.class);

    private final UserAccountRepository users;
    private final PasswordEncoder passwordEncoder;
    private final String email;
    private final String password;

    FirstPlatformAdmin(UserAccountRepository users, PasswordEncoder passwordEncoder,
                       AdminProperties admin) {
        String email = admin.email();
        String password = admin.password();
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.email = StringUtils.hasText(email) ? email.trim() : "admin@tokentally.local";
        this.password = password;
        // Refused at start-up with the reason, rather than by bcrypt's exception when the admin is created.
        if (StringUtils.hasText(password) && !NewPassword.Rule.allows(password)) {
            throw new IllegalStateException("TOKENTALLY_ADMIN_PASSWORD is not usable: " + NewPassword.RULE
                    + ". Choose another one, or leave it empty for a generated password.");
        }
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (users.existsByRole(Role.PLATFORM_ADMIN)) {
            return;
        }
        boolean generated = !StringUtils.hasText(password);
        String secret = generated ? generatePassword() : password;
        UserAccount admin = new UserAccount();
        admin.setEmail(email);
        admin.setDisplayName("Platform admin");
        admin.setRole(Role.PLATFORM_ADMIN);
        admin.setPasswordHash(passwordEncoder.encode(secret));
        users.save(admin);
        if (generated) {
            // Printed once, on the start that creates the account; change it after the first sign-in.
            log.warn("Created platform admin {} with the generated password: {}", email, secret);
        } else {
            log.info("Created platform admin {} from TOKENTALLY_ADMIN_EMAIL / TOKENTALLY_ADMIN_PASSWORD", email);
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
