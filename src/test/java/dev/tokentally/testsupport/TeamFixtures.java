package dev.tokentally.testsupport;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Teams, their members and managers, and keys bound to a team, written as the schema holds them. */
public final class TeamFixtures {

    /** Acme and the two teams the team tests share: Alpha (rt-alpha) and Beta (rt-beta). */
    public record AlphaAndBeta(long acme, long alpha, long beta) {
    }

    private final JdbcClient jdbc;

    public TeamFixtures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long organization(String slug) {
        return jdbc.sql("select id from organization where slug = ?").param(slug).query(Long.class).single();
    }

    public long user(String email) {
        return jdbc.sql("select id from app_user where email = ?").param(email).query(Long.class).single();
    }

    public long team(String organizationSlug, String slug, String name) {
        return jdbc.sql("insert into team (organization_id, slug, name) values (?, ?, ?) returning id")
                .params(organization(organizationSlug), slug, name).query(Long.class).single();
    }

    public AlphaAndBeta alphaAndBeta() {
        return new AlphaAndBeta(organization("acme"), team("acme", "rt-alpha", "Alpha"), team("acme", "rt-beta", "Beta"));
    }

    /** Alpha and Beta, with Alice and Bob out of the demo teams and Bob managing Alpha. */
    public AlphaAndBeta alphaManagedByBob() {
        withoutDemoTeams("alice@acme.test", "bob@acme.test");
        AlphaAndBeta teams = alphaAndBeta();
        member(teams.alpha(), "bob@acme.test", true);
        return teams;
    }

    /** A sub-team of the parent, in the parent's organization. */
    public long subTeam(long parent, String slug, String name) {
        return jdbc.sql("insert into team (organization_id, slug, name, parent_id) select organization_id, ?, ?, id from team where id = ? returning id")
                .params(slug, name, parent).query(Long.class).single();
    }

    /** Takes the users out of any team the demo data put them in, so a test's teams are all they have. */
    public void withoutDemoTeams(String... emails) {
        for (String email : emails) {
            jdbc.sql("delete from team_member where user_id = ?").param(user(email)).update();
            jdbc.sql("update app_user set default_team_id = null where id = ?").param(user(email)).update();
        }
    }

    public void member(long team, String email, boolean manager) {
        jdbc.sql("insert into team_member (team_id, user_id, manager) values (?, ?, ?)")
                .params(team, user(email), manager).update();
    }

    /** The newest API key's id, such as the one a test just created. */
    public long newestKey() {
        return jdbc.sql("select max(id) from api_key").query(Long.class).single();
    }

    public void bindKey(long key, long team) {
        jdbc.sql("update api_key set team_id = ? where id = ?").params(team, key).update();
    }
}
