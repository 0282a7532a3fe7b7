package dev.tokentally.apikeys.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.select.Select;
import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.test.context.support.WithUserDetails;

/** Rotating a key: a new secret at once, the old one until the grace period ends, then 401 through the real API filter. */
class ApiKeyRotationTest extends ViewTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    @WithUserDetails("admin@acme.test")
    void the_old_secret_works_during_the_grace_period_and_gets_401_after_it() throws Exception {
        ApiKeysView view = navigate(ApiKeysView.class);
        String old = create(view);
        long keyId = fixtures.newestApiKey("acme");
        apiKeys.updateSettings(keyId, new ApiKeySettings(null, null, null, null, 60, null));

        String rotated = rotate(view, ApiKeys.Grace.HOUR);

        assertThat(rotated).isNotEqualTo(old);
        assertThat(status(rotated)).isEqualTo(200);
        assertThat(status(old)).as("within the grace period").isEqualTo(200);
        assertThat(apiKeys.settings(keyId).requestsPerMinute()).as("the same key, settings kept").isEqualTo(60);
        assertThat(fixtures.newestApiKey("acme")).isEqualTo(keyId);
        assertThat(test(view.grid).getCellText(0, 2)).as("the admin sees when the old secret stops")
                .isEqualTo("until " + dev.tokentally.base.ui.DateText.DATE_TIME.withZone(java.time.ZoneId.of("Europe/Berlin"))
                        .format(clock.instant().plus(Duration.ofHours(1))));

        clock.advance(Duration.ofMinutes(59));
        assertThat(status(old)).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(status(old)).as("the grace period is over, though the instance's cache still holds the old secret")
                .isEqualTo(401);
        assertThat(status(rotated)).isEqualTo(200);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void rotating_without_grace_refuses_the_old_secret_at_once() throws Exception {
        ApiKeysView view = navigate(ApiKeysView.class);
        String old = create(view);
        assertThat(status(old)).isEqualTo(200);

        String rotated = rotate(view, ApiKeys.Grace.NONE);

        assertThat(status(old)).isEqualTo(401);
        assertThat(status(rotated)).isEqualTo(200);
        assertThat(test(view.grid).getCellText(0, 1)).as("the grid shows the new secret's prefix")
                .isEqualTo(rotated.substring(0, 8) + "…");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void rotating_asks_first_and_cancelling_changes_nothing() throws Exception {
        ApiKeysView view = navigate(ApiKeysView.class);
        String old = create(view);

        test((Button) test(view.grid).getCellComponent(0, "rotate")).click();
        test($(ConfirmDialog.class).last()).cancel();

        assertThat($(SecretDialog.class).all()).isEmpty();
        assertThat(status(old)).isEqualTo(200);
    }

    private String create(ApiKeysView view) {
        test(view.create).click();
        NewApiKeyDialog dialog = $(NewApiKeyDialog.class).last();
        test(dialog.name).setValue("helpdesk");
        test(dialog.create).click();
        SecretDialog shown = $(SecretDialog.class).last();
        String secret = shown.secret.getValue();
        shown.close();
        return secret;
    }

    @SuppressWarnings("unchecked")
    private String rotate(ApiKeysView view, ApiKeys.Grace grace) {
        test((Button) test(view.grid).getCellComponent(0, "rotate")).click();
        ((Select<ApiKeys.Grace>) $(Select.class).id("rotation-grace")).setValue(grace);
        test($(ConfirmDialog.class).last()).confirm();
        SecretDialog shown = $(SecretDialog.class).last();
        String secret = shown.secret.getValue();
        shown.close();
        return secret;
    }

    /** The status of a REST API call made with the secret, through the API-key filter. */
    private int status(String secret) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/usage/events?from=2026-11-20&to=2026-11-22"))
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
