package dev.tokentally.mail.channels.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.budgets.ui.AlertsView;
import dev.tokentally.mail.channels.ChannelDelivery;
import dev.tokentally.mail.channels.ChannelEvent;
import dev.tokentally.mail.channels.ChannelKind;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class AlertChannelsViewTest extends ViewTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_adds_a_webhook_sees_its_secret_once_and_a_test_in_the_delivery_log() {
        AlertChannelsView view = navigate(AlertChannelsView.class);
        test(view.name).setValue("Billing system");
        test(view.kind).selectItem(ChannelKind.WEBHOOK.label());
        test(view.url).setValue("not a url");
        test(view.add).click();
        assertThat(view.url.isInvalid()).isTrue();
        assertThat(view.url.getErrorMessage()).isEqualTo("Not a URL");
        assertThat(test(view.grid).size()).isZero();

        test(view.url).setValue("http://127.0.0.1:9/hook");
        test(view.add).click();

        assertThat(view.secretDialog.isOpened()).isTrue();
        String secret = view.secretDialog.getChildren().filter(TextField.class::isInstance).map(TextField.class::cast)
                .findFirst().orElseThrow().getValue();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 1)).isEqualTo("Signed webhook");
        assertThat(view.url.getValue()).isEmpty();
        assertThat(jdbc.sql("select sealed_url from alert_channel").query(String.class).single()).doesNotContain("127.0.0.1");

        Button sendTest = (Button) ((HorizontalLayout) test(view.grid).getCellComponent(0, 4)).getComponentAt(0);
        sendTest.click();
        assertThat(notificationText()).isEqualTo("Test queued for Billing system; its delivery shows under Budget alerts");

        navigate(AlertsView.class);
        @SuppressWarnings("unchecked")
        Grid<ChannelDelivery> log = (Grid<ChannelDelivery>) $(Grid.class).all().getLast();
        assertThat(test(log).size()).isEqualTo(1);
        assertThat(test(log).getCellText(0, 1)).isEqualTo("Billing system (Signed webhook)");
        assertThat(test(log).getCellText(0, 2)).isEqualTo("Test message from Tokentally");
        assertThat(test(log).getCellText(0, 3)).isEqualTo("Waiting");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_duplicate_name_is_refused_on_its_field() {
        AlertChannelsView view = navigate(AlertChannelsView.class);
        for (int i = 0; i < 2; i++) {
            test(view.name).setValue("Ops");
            test(view.url).setValue("http://127.0.0.1:9/slack");
            test(view.add).click();
        }
        assertThat(view.name.isInvalid()).isTrue();
        assertThat(view.name.getErrorMessage()).isEqualTo("A channel named Ops exists already");
        assertThat(test(view.grid).size()).isEqualTo(1);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_channel_chooses_its_events_when_added_and_later() {
        AlertChannelsView view = navigate(AlertChannelsView.class);
        assertThat(view.events.getValue()).containsExactlyInAnyOrder(ChannelEvent.values());
        test(view.name).setValue("Finance");
        test(view.url).setValue("http://127.0.0.1:9/finance");
        view.events.clear();
        test(view.add).click();
        assertThat(view.events.isInvalid()).isTrue();
        assertThat(view.events.getErrorMessage()).isEqualTo("Choose at least one event");
        assertThat(test(view.grid).size()).isZero();

        test(view.events).selectItem(ChannelEvent.INVOICE_ISSUED.label());
        test(view.add).click();
        assertThat(test(view.grid).getCellText(0, 2)).isEqualTo("Invoice issued");

        Button events = (Button) ((HorizontalLayout) test(view.grid).getCellComponent(0, 4)).getComponentAt(1);
        events.click();
        assertThat(view.eventsDialog.isOpened()).isTrue();
        @SuppressWarnings("unchecked")
        MultiSelectComboBox<ChannelEvent> chosen = (MultiSelectComboBox<ChannelEvent>) view.eventsDialog.getChildren()
                .filter(MultiSelectComboBox.class::isInstance).findFirst().orElseThrow();
        test(chosen).selectItem(ChannelEvent.INVOICE_ISSUED.label(), ChannelEvent.RECONCILIATION_MISMATCH.label());
        button("Save").click();

        assertThat(view.eventsDialog.isOpened()).isFalse();
        assertThat(test(view.grid).getCellText(0, 2)).isEqualTo("Invoice issued, Reconciliation mismatch");
        assertThat(jdbc.sql("select array_to_string(events, ' ') from alert_channel").query(String.class).single())
                .isEqualTo("invoice.issued reconciliation.mismatch");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_cannot_open_alert_channels() {
        assertDenied(AlertChannelsView.class);
    }
}
