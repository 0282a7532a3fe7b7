package dev.tokentally.teams;

import dev.tokentally.accounts.DefaultTeams;
import dev.tokentally.accounts.MemberDirectory;
import dev.tokentally.base.SeedData;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Acme's two teams, after its people (the accounts' demo data): Research (Alice, its manager, and Bob) and Support
 * (Bob, whose default team it is). A demo database from before this set had its own seed load these teams: it
 * already has them and gets nothing again.
 */
@Component
class TeamsDemoData implements SeedData {

    private final JdbcClient jdbc;
    private final OrganizationService organizations;
    private final MemberDirectory members;
    private final DefaultTeams defaultTeams;

    TeamsDemoData(JdbcClient jdbc, OrganizationService organizations, MemberDirectory members, DefaultTeams defaultTeams) {
        this.jdbc = jdbc;
        this.organizations = organizations;
        this.members = members;
        this.defaultTeams = defaultTeams;
    }

    @Override
    public String name() {
        return "teams-demo";
    }

    @Override
    public int order() {
        return 5;
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void load() {
        long acme = organizations.idOfSlug("acme").orElseThrow(() -> new IllegalStateException("No demo organization acme"));
        if (jdbc.sql("select count(*) from team where organization_id = ?").param(acme).query(Long.class).single() > 0) {
            return;
        }
        MemberDirectory.OrganizationMembers people = members.of(acme);
        long alice = people.byEmail().get("alice@acme.test").id();
        long bob = people.byEmail().get("bob@acme.test").id();
        long research = team(acme, "research", "Research", "Model evaluation and prototypes");
        long support = team(acme, "support", "Support", "Customer support assistants");
        member(research, alice, true);
        member(research, bob, false);
        member(support, bob, false);
        defaultTeams.set(alice, research);
        defaultTeams.set(bob, support);
    }

    private long team(long organizationId, String slug, String name, String description) {
        return jdbc.sql("insert into team (organization_id, slug, name, description) values (?, ?, ?, ?) returning id")
                .params(organizationId, slug, name, description).query(Long.class).single();
    }

    private void member(long teamId, long userId, boolean manager) {
        jdbc.sql("insert into team_member (team_id, user_id, manager) values (?, ?, ?)").params(teamId, userId, manager).update();
    }
}
