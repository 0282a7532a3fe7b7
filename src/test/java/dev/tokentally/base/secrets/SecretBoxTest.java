package dev.tokentally.base.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Base64;

import dev.tokentally.base.DemoMode;
import dev.tokentally.base.TokentallyProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    @TempDir
    Path directory;

    private final SecretKeyConfig config = new SecretKeyConfig();

    @Test
    void sealed_secrets_open_to_the_original_and_never_show_it() {
        SecretBox box = config.secretBox(settings(KEY, directory.resolve("unused")), new DemoMode(false));

        String sealed = box.seal("sk-proj-very-secret");

        assertThat(sealed).startsWith("v1:").doesNotContain("sk-proj").doesNotContain("very-secret");
        assertThat(box.seal("sk-proj-very-secret")).as("a fresh nonce every time").isNotEqualTo(sealed);
        assertThat(box.open(sealed)).isEqualTo("sk-proj-very-secret");
    }

    @Test
    void a_tampered_secret_or_another_key_fails_instead_of_returning_garbage() {
        SecretBox box = config.secretBox(settings(KEY, directory.resolve("unused")), new DemoMode(false));
        String sealed = box.seal("sk-proj-very-secret");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> box.open(tampered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> config.secretBox(settings(OTHER_KEY, directory), new DemoMode(false)).open(sealed))
                .hasMessageContaining("TOKENTALLY_SECRET_KEY");
    }

    @Test
    void production_without_a_key_does_not_start_and_says_how_to_make_one() {
        assertThatThrownBy(() -> config.secretBox(settings("", directory.resolve("secret.key")), new DemoMode(false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TOKENTALLY_SECRET_KEY is not set").hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> config.secretBox(settings("c2hvcnQ=", directory.resolve("secret.key")), new DemoMode(false)))
                .hasMessageContaining("must be 32 bytes");
    }

    @Test
    void demo_mode_without_a_key_keeps_a_generated_one_that_a_restart_reuses() {
        Path file = directory.resolve("data/secret.key");
        String sealed = config.secretBox(settings("", file), new DemoMode(true)).seal("sk-demo");

        assertThat(file).exists();
        assertThat(config.secretBox(settings("", file), new DemoMode(true)).open(sealed)).isEqualTo("sk-demo");
    }

    private static TokentallyProperties settings(String secretKey, Path secretKeyFile) {
        return new TokentallyProperties("http://localhost:8080", "", false, false, secretKey, secretKeyFile, "");
    }
}
