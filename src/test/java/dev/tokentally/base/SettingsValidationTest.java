package dev.tokentally.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.tokentally.models.ModelCallProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.validation.FieldError;

/** A bad setting stops the start with the property's name and the reason, instead of surfacing later as a fault. */
class SettingsValidationTest {

    @EnableConfigurationProperties({TokentallyProperties.class, ModelCallProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner start = new ApplicationContextRunner().withUserConfiguration(Settings.class)
            .withPropertyValues("tokentally.base-url=https://tokentally.example", "tokentally.secret-key-file=./secret.key",
                    "tokentally.chat.demo-pace=40ms", "tokentally.chat.attempts=3", "tokentally.chat.backoff=500ms",
                    "tokentally.chat.circuit-failures=5", "tokentally.chat.circuit-open-for=30s");

    @Test
    void valid_settings_start() {
        start.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ModelCallProperties.class).backoff()).hasMillis(500);
        });
    }

    @Test
    void a_negative_duration_stops_the_start_naming_the_setting() {
        start.withPropertyValues("tokentally.chat.backoff=-1s").run(context ->
                assertThat(refusals(context.getStartupFailure())).singleElement().asString()
                        .startsWith("tokentally.chat.backoff: "));
    }

    @Test
    void an_empty_base_url_stops_the_start_naming_the_setting() {
        start.withPropertyValues("tokentally.base-url=").run(context ->
                assertThat(refusals(context.getStartupFailure())).singleElement().asString()
                        .startsWith("tokentally.baseUrl: must not be blank"));
    }

    /** What the start-up failure report lists: each refused property with its reason. */
    private static List<String> refusals(Throwable failure) {
        assertThat(failure).isNotNull();
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        assertThat(cause).isInstanceOf(BindValidationException.class);
        return ((BindValidationException) cause).getValidationErrors().getAllErrors().stream()
                .map(error -> error instanceof FieldError field ? field.getObjectName() + "." + field.getField() + ": "
                        + error.getDefaultMessage() : error.toString())
                .toList();
    }
}
