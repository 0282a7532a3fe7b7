package dev.tokentally.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.chat.Agents;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** Agents (org admin), and who may not open them. */
class ChatAdminViewsTest extends ViewTest {

    @Autowired
    Agents agents;
    @Autowired
    UserDetailsService users;

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_creates_an_agent_that_members_can_then_start_a_thread_with() {
        AgentsView view = navigate(AgentsView.class);
        assertThat(test(view.grid).size()).isEqualTo(2);

        test(view.create).click();
        test(button("Save")).click();
        TextField name = $(TextField.class).withCaption("Name").last();
        assertThat(name.isInvalid()).isTrue();

        test(name).setValue("support\u0007writer");
        @SuppressWarnings("unchecked")
        ComboBox<Long> model = $(ComboBox.class).withCaption("Model").last();
        test(model).selectItem(model.getListDataView().getItems().findFirst().map(model.getItemLabelGenerator()::apply).orElseThrow());
        test(button("Save")).click();
        assertThat(name.getErrorMessage()).isEqualTo("No control characters such as tabs or line breaks");

        test(name).setValue("support writer");
        test(button("Save")).click();
        assertThat(name.getErrorMessage()).isEqualTo("Another agent has this name");

        test(name).setValue("Translator");
        test(button("Save")).click();

        assertThat(test(view.grid).size()).isEqualTo(3);
        assertThat(RunAs.user(users, "alice@acme.test", () -> agents.available())).extracting(agent -> agent.getName())
                .contains("Translator");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void members_cannot_open_agents() {
        assertDenied(AgentsView.class);
    }
}
