package dev.tokentally.base.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.tokentally.base.DemoMode;
import dev.tokentally.base.TokentallyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The key of the {@link SecretBox}: {@code TOKENTALLY_SECRET_KEY} (Base64 of 32 random bytes). Without it a
 * production installation does not start; a demo installation keeps a generated key in a file beside
 * its data, so its stored secrets survive restarts.
 */
@Configuration(proxyBeanMethods = false)
class SecretKeyConfig {

    static final String MISSING = "TOKENTALLY_SECRET_KEY is not set. Provider API keys are stored encrypted with it: "
            + "generate one with `openssl rand -base64 32` and keep it safe (losing it makes the stored keys unreadable).";

    private static final Logger log = LoggerFactory.getLogger(SecretKeyConfig.class);

    @Bean
    SecretBox secretBox(TokentallyProperties settings, DemoMode demo) {
        String configured = settings.secretKey();
        if (StringUtils.hasText(configured)) {
            return new SecretBox(parse(configured.trim()));
        }
        if (!demo.enabled()) {
            throw new IllegalStateException(MISSING);
        }
        return new SecretBox(parse(demoKey(settings.secretKeyFile())));
    }

    static SecretKey parse(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("TOKENTALLY_SECRET_KEY is not Base64: generate one with `openssl rand -base64 32`");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("TOKENTALLY_SECRET_KEY must be 32 bytes (Base64 of `openssl rand -base64 32`), not "
                    + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String demoKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, encoded);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // The file system has no POSIX permissions; the directory's own protection applies.
            }
            log.warn("Demo mode without TOKENTALLY_SECRET_KEY: provider keys are encrypted with a generated key kept in {}", file);
            return encoded;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or write the demo secret key file " + file + ": " + e.getMessage(), e);
        }
    }
}
