package dev.tokentally.teams.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.router.QueryParameters;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.teams.Teams;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.TopEntry;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithUserDetails;

/** Org admins manage teams; a team manager (Alice, of Research) sees only her team, by view, URL or service. */
class TeamsViewTest extends ViewTest {

    @Autowired
    Teams teams;
    @Autowired
    TeamDirectory directory;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    Fixtures fixtures;

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_creates_a_sub_team_and_a_taken_slug_is_marked_on_the_form() {
        TeamsView view = navigate(TeamsView.class);
        assertThat(test(view.grid).size()).isEqualTo(2);

        test(view.create).click();
        TeamDialog dialog = $(TeamDialog.class).single();
        test(dialog.name).setValue("Lab");
        assertThat(dialog.slug.getValue()).as("suggested from the name").isEqualTo("lab");
        test(dialog.parentId).selectItem("Research");
        test(dialog.save).click();

        assertThat(test(view.grid).size()).isEqualTo(3);
        Team lab = directory.all(acme()).stream().filter(team -> team.slug().equals("lab")).findFirst().orElseThrow();
        assertThat(lab.parentId()).isEqualTo(team("research"));

        test(view.create).click();
        TeamDialog again = $(TeamDialog.class).last();
        test(again.name).setValue("Other");
        test(again.slug).setValue("support");
        test(again.save).click();
        assertThat(again.slug.isInvalid()).isTrue();
        assertThat(again.slug.getErrorMessage()).isEqualTo("Another team has this slug");
        assertThat(directory.all(acme())).hasSize(3);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void org_admin_adds_a_manager_and_deletes_a_team_after_confirming() {
        TeamsView view = navigate(TeamsView.class);
        view.select(directory.all(acme()).stream().filter(team -> team.slug().equals("support")).findFirst().orElseThrow());
        test(view.newMember).selectItem("Alice Example <alice@acme.test>");
        test(view.asManager).click();
        test(view.add).click();
        assertThat(teams.members(team("support"))).extracting(Teams.Member::email, Teams.Member::manager)
                .contains(org.assertj.core.groups.Tuple.tuple("alice@acme.test", true));

        Team support = directory.all(acme()).stream().filter(team -> team.slug().equals("support")).findFirst().orElseThrow();
        view.edit(support);
        test(button("Delete")).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(directory.all(acme())).extracting(Team::slug).containsExactly("research");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_team_manager_sees_only_her_team_and_its_members_usage() {
        record("alice@acme.test", team("research"));
        record("bob@acme.test", team("support"));

        TeamsView view = navigate(TeamsView.class);
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 0)).isEqualTo("Research");
        assertThat(view.create.isVisible()).isFalse();
        view.select(test(view.grid).getRow(0));
        List<TopEntry> usage = view.usage.getListDataView().getItems().toList();
        assertThat(usage).extracting(TopEntry::label).containsExactly("Alice Example");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_team_manager_cannot_open_another_team_by_url_or_service() {
        long support = team("support");

        UI.getCurrent().navigate("teams", QueryParameters.of("team", String.valueOf(support)));
        TeamsView view = $(TeamsView.class).single();
        assertThat(view.showsTeam(support)).isFalse();
        assertThat(view.details.isVisible()).isFalse();
        assertThatThrownBy(() -> teams.members(support)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> teams.create(acme(), new Teams.Draft("Mine", "mine", "", null)))
                .isInstanceOf(AccessDeniedException.class);

        navigate(dev.tokentally.ui.HomeView.class);
        UI.getCurrent().navigate("teams", QueryParameters.of("team", String.valueOf(team("research"))));
        assertThat($(TeamsView.class).single().showsTeam(team("research"))).isTrue();
    }

    @Test
    @WithUserDetails("bob@acme.test")
    void a_member_who_manages_no_team_sees_none() {
        TeamsView view = navigate(TeamsView.class);

        assertThat(test(view.grid).size()).isZero();
        assertThat(view.none.isVisible()).isTrue();
        assertThatThrownBy(() -> teams.members(team("support"))).isInstanceOf(NotFoundException.class);
    }

    private void record(String email, long teamId) {
        long user = fixtures.user(email);
        recorder.record(acme(), new ReportedCall("test-" + UUID.randomUUID(), "openai", "gpt-4o-mini", TokenCounts.of(100, 50), new Attribution(user, null, null, null, teamId, null), null, Instant.now(), null, null, false, UsageSource.API));
    }

    private long team(String slug) {
        return fixtures.teamId("acme", slug);
    }

    private long acme() {
        return fixtures.organization("acme");
    }
}
