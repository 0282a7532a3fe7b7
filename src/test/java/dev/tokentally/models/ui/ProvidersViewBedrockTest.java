package dev.tokentally.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import com.vaadin.flow.component.button.Button;
import dev.tokentally.models.BedrockConnection;
import dev.tokentally.models.ProviderConnectionChange;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ProviderKind;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** Amazon Bedrock on the Providers page: a region and an access key pair, the secret sealed and never shown again. */
class ProvidersViewBedrockTest extends ViewTest {

    @Autowired
    ProviderConnections connections;
    @Autowired
    BedrockConnection bedrock;
    @Autowired
    UserDetailsService users;

    @AfterEach
    void switchBedrockOff() {
        RunAs.user(users, "root@tokentally.test", () -> connections.update(ProviderKind.BEDROCK,
                new ProviderConnectionChange(false, null, "", 60)));
    }

    BedrockConnectionDialog edit() {
        ProvidersView view = navigate(ProvidersView.class);
        int row = IntStream.range(0, test(view.grid).size())
                .filter(index -> test(view.grid).getCellText(index, 0).equals("Amazon Bedrock")).findFirst().orElseThrow();
        test((Button) test(view.grid).getCellComponent(row, 6)).click();
        return $(BedrockConnectionDialog.class).first();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_connects_bedrock_with_a_region_and_an_access_key_pair() {
        BedrockConnectionDialog dialog = edit();
        dialog.enabled.setValue(true);
        dialog.region.setValue("us-west-2");
        dialog.accessKeyId.setValue("AKIAIOSFODNN7EXAMPLE");
        dialog.secret.setValue("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        test(dialog.save).click();

        assertThat(connections.credentials(ProviderKind.BEDROCK)).hasValueSatisfying(credentials ->
                assertThat(credentials.apiKey()).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assertThat(bedrock.settings()).contains(new BedrockConnection.Settings("us-west-2", "AKIAIOSFODNN7EXAMPLE"));
        assertThat(edit().secret.getHelperText()).contains("…EKEY").doesNotContain("wJalr");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void bedrock_is_not_enabled_without_a_region_and_nothing_is_saved() {
        BedrockConnectionDialog dialog = edit();
        dialog.enabled.setValue(true);
        dialog.region.setValue("");
        test(dialog.save).click();

        assertThat(dialog.region.isInvalid()).isTrue();
        assertThat(dialog.region.getErrorMessage()).contains("region");
        assertThat(connections.credentials(ProviderKind.BEDROCK)).isEmpty();
    }
}
