package dev.tokentally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.chat.Agent;
import dev.tokentally.chat.Agents;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.teams.Teams;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Each event's team, decided when it is recorded: the key's or agent's team, then the team the source names,
 * then the member's default team, else none; the rollups by team then equal the ledger. Demo teams: Research
 * (Alice, default; Bob) and Support (Bob, default).
 */
@TokentallyTest
class TeamAttributionTest {

    @Autowired
    UsageRecorder recorder;
    @Autowired
    Teams teams;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    Agents agents;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @Test
    void the_keys_or_agents_team_comes_first_then_the_named_team_then_the_default_team_else_none() {
        long research = team("research");
        long support = team("support");
        long key = fixtures.apiKey("acme", "support app").id();
        Agent triage = new Agent();
        triage.setName("Triage");
        triage.setModelId(fixtures.demoModel());
        triage.setTeamId(support);
        RunAs.user(users, "admin@acme.test", () -> {
            apiKeys.updateSettings(key, ApiKeySettings.DEFAULTS, support);
            return agents.save(acme(), triage);
        });

        assertThat(teamOf(record(alice(), null, research, key))).as("the key's team beats the named team").isEqualTo(support);
        assertThat(teamOf(record(alice(), "triage", research, null))).as("the agent's team, any case").isEqualTo(support);
        assertThat(teamOf(record(bob(), null, research, null))).as("the named team beats the default").isEqualTo(research);
        assertThat(teamOf(record(bob(), null, null, null))).as("Bob's default team").isEqualTo(support);
        assertThat(teamOf(record(alice(), null, null, null))).as("Alice's default team").isEqualTo(research);
        assertThat(teamOf(record(null, null, null, null))).as("no member, no team").isNull();
        assertThat(jdbc.sql("select api_key_id from usage_event where api_key_id is not null").query(Long.class).list())
                .containsExactly(key);
    }

    @Test
    void a_team_or_key_of_another_organization_is_refused_and_nothing_is_recorded() {
        long globexTeam = fixtures.team("globex", "ops", "Ops");

        assertThatThrownBy(() -> record(alice(), null, globexTeam, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(jdbc.sql("select count(*) from usage_event").query(Long.class).single()).isZero();
    }

    @Test
    void a_default_team_set_a_moment_ago_attributes_the_next_event() {
        long research = team("research");
        RunAs.user(users, "admin@acme.test", () -> {
            teams.setDefaultTeam(bob(), research);
            return null;
        });

        assertThat(teamOf(record(bob(), null, null, null))).isEqualTo(research);
    }

    @Test
    void rollups_by_team_and_key_equal_the_ledger_for_a_batch_of_many_teams() {
        long research = team("research");
        long support = team("support");
        List<ReportedCall> reports = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Long named = i % 3 == 0 ? Long.valueOf(research) : i % 3 == 1 ? Long.valueOf(support) : null;
            reports.add(report(i % 2 == 0 ? alice() : bob(), null, named, null));
        }
        recorder.recordAll(acme(), reports);

        Map<Long, Long> ledger = sums("select coalesce(team_id, 0), sum(output_tokens) from usage_event group by 1");
        Map<Long, Long> rollups = sums("select team_id, sum(output_tokens) from usage_daily group by 1");
        assertThat(rollups).isEqualTo(ledger).containsKeys(research, support);
        assertThat(jdbc.sql("select coalesce(sum(billed_cost), 0) from usage_event where team_id = ?").param(research)
                .query(java.math.BigDecimal.class).single())
                .isEqualByComparingTo(jdbc.sql("select sum(billed_cost) from usage_daily where team_id = ?").param(research)
                        .query(java.math.BigDecimal.class).single());
    }

    private Map<Long, Long> sums(String sql) {
        Map<Long, Long> sums = new java.util.HashMap<>();
        jdbc.sql(sql).query((rs, row) -> sums.put(rs.getLong(1), rs.getLong(2))).list();
        return sums;
    }

    private UsageEvent record(Long userId, String agent, Long team, Long key) {
        return recorder.record(acme(), report(userId, agent, team, key)).event();
    }

    private static ReportedCall report(Long userId, String agent, Long team, Long key) {
        return new ReportedCall("test-" + UUID.randomUUID(), "openai", "gpt-4o-mini", TokenCounts.of(100, 50), new Attribution(userId,
                userId == null ? "app-user" : null, agent, null,
                team, key), null, Instant.now(), null, null, false, UsageSource.API);
    }

    private Long teamOf(UsageEvent event) {
        Long stored = jdbc.sql("select team_id from usage_event where id = ?").param(event.id())
                .query((rs, row) -> (Long) rs.getObject(1)).list().getFirst();
        assertThat(event.attribution().teamId()).as("the recorded event says what the ledger holds").isEqualTo(stored);
        return stored;
    }

    private long team(String slug) {
        return fixtures.teamId("acme", slug);
    }

    private long acme() {
        return fixtures.organization("acme");
    }

    private long alice() {
        return fixtures.user("alice@acme.test");
    }

    private long bob() {
        return fixtures.user("bob@acme.test");
    }
}
