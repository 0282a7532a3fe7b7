package dev.tokentally.reporting.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.vaadin.flow.component.html.Paragraph;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithUserDetails;

class ChargebackViewTest extends ViewTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    TestClock clock;

    @Autowired
    Fixtures fixtures;

    @BeforeEach
    void alphaAndBetaInNovember() {
        clock.set(Instant.parse("2026-12-02T10:00:00Z"));
        Fixtures.AlphaAndBeta alphaAndBeta = fixtures.alphaManagedByBob();
        long alpha = alphaAndBeta.alpha();
        long beta = alphaAndBeta.beta();
        // 150,000 input tokens of gpt-4o-mini: EUR 0.02484 → 0.02; Beta 1M: EUR 0.1656 → 0.17
        record("a1", 150_000, alpha);
        record("b1", 1_000_000, beta);
    }

    private void record(String key, long input, long team) {
        recorder.record(fixtures.organization("acme"), new ReportedCall(key, "openai", "gpt-4o-mini", TokenCounts.of(input, 0), Attribution.of(fixtures.user("alice@acme.test"), null, null, null), null, Instant.parse("2026-11-05T10:00:00Z"), null, null,
                false, UsageSource.API).withTeam(team));
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_picks_any_team_and_sees_last_months_statement() {
        ChargebackView view = navigate(ChargebackView.class);

        assertThat(view.month.getValue()).hasToString("2026-11");
        test(view.team).selectItem("Alpha");
        assertThat(test(view.lines).size()).isEqualTo(1);
        assertThat(test(view.lines).getCellText(0, 1)).isEqualTo("alice@acme.test");
        assertThat(view.total.getText()).isEqualTo("Total EUR 0.02");

        test(view.team).selectItem("Beta");
        assertThat(view.total.getText()).isEqualTo("Total EUR 0.17");
        assertThat(view.csv.getHref()).isNotBlank();
        assertThat(view.pdf.getHref()).isNotBlank();
    }

    @Test
    @WithUserDetails("bob@acme.test")
    void a_team_manager_picks_only_among_their_teams() {
        ChargebackView view = navigate(ChargebackView.class);

        assertThat(view.team.getListDataView().getItems()).extracting(choice -> choice.label()).containsExactly("Alpha");
        assertThat(view.total.getText()).isEqualTo("Total EUR 0.02");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_who_manages_no_team_is_told_so() {
        ChargebackView view = navigate(ChargebackView.class);

        assertThat(view.team.getParent()).isEmpty();
        assertThat($(Paragraph.class).first().getText()).contains("you manage no team");
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void platform_admins_cannot_open_it() {
        assertDenied(ChargebackView.class);
    }
}
