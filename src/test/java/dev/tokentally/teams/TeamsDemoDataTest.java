package dev.tokentally.teams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@TokentallyTest
class TeamsDemoDataTest {

    @Autowired
    TeamsDemoData demoTeams;
    @Autowired
    TeamDirectory directory;
    @Autowired
    Fixtures fixtures;

    @Test
    void a_demo_database_whose_teams_came_with_the_older_organizations_seed_keeps_them_and_starts() {
        long acme = fixtures.organization("acme");
        List<Team> before = directory.all(acme);

        demoTeams.load();

        assertThat(directory.all(acme)).isEqualTo(before).extracting(Team::slug).containsExactly("research", "support");
    }
}
