package dev.tokentally.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.chat.Agent;
import dev.tokentally.chat.Agents;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

/** An org admin gives an agent a team in its form; what the agent answers is then charged to that team. */
class AgentTeamTest extends ViewTest {

    @Autowired
    Agents agents;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;

    @Test
    @WithUserDetails("admin@acme.test")
    @SuppressWarnings("unchecked")
    void an_agents_team_set_in_its_form_decides_the_team_of_its_usage() {
        AgentsView view = navigate(AgentsView.class);
        test(view.create).click();
        test($(TextField.class).withCaption("Name").last()).setValue("Ticket triage");
        ComboBox<Long> model = $(ComboBox.class).withCaption("Model").last();
        test(model).selectItem(model.getListDataView().getItems().findFirst().map(model.getItemLabelGenerator()::apply).orElseThrow());
        ComboBox<Long> team = $(ComboBox.class).withCaption("Team").last();
        test(team).selectItem("Support");
        test(button("Save")).click();

        // Alice's default team is Research: the agent's team comes first.
        recorder.record(fixtures.organization("acme"), new ReportedCall(UUID.randomUUID().toString(), "openai", "gpt-4o-mini",
                TokenCounts.of(100, 50), Attribution.of(fixtures.user("alice@acme.test"), null, "Ticket triage", null), null, clock.instant(),
                null, null, false, UsageSource.API));
        assertThat(jdbc.sql("select t.slug from usage_event e join team t on t.id = e.team_id").query(String.class).list())
                .containsExactly("support");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_agent_cannot_be_given_another_organizations_team() {
        long acme = fixtures.organization("acme");
        Agent agent = agents.list(acme).getFirst();
        agent.setTeamId(fixtures.team("globex", "sales", "Sales"));

        assertThatThrownBy(() -> agents.save(acme, agent)).isInstanceOf(FieldRejectedException.class)
                .hasMessage("Choose a team of the organization");
        assertThat(jdbc.sql("select count(*) from agent where team_id is not null").query(Long.class).single()).isZero();
    }
}
