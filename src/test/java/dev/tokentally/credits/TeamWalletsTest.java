package dev.tokentally.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.RecordResult;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageEvent;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A team's wallet: its usage consumes the team's grants first; credit moves to it from the organization's, once per key. */
@TokentallyTest
class TeamWalletsTest {

    @Autowired
    Wallets wallets;
    @Autowired
    TeamWallets teamWallets;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    Fixtures.AlphaAndBeta teams;

    @BeforeEach
    void acmeIsPrepaidWithTeams() {
        teams = fixtures.alphaAndBeta();
        wallets.configure(teams.acme(), new WalletSettings(WalletMode.PREPAID, null, null, null));
    }

    @Test
    void a_teams_usage_consumes_the_teams_grants_free_first_and_the_rest_falls_to_the_organization() {
        wallets.grant(teams.acme(), GrantKind.FREE, new BigDecimal("10"), null, 0, "organization", null, "org");
        Grant paid = teamWallets.grant(teams.acme(), teams.alpha(), GrantKind.PAID, new BigDecimal("0.2"), 0, "paid", "paid");
        Grant free = teamWallets.grant(teams.acme(), teams.alpha(), GrantKind.FREE, new BigDecimal("0.2"), 0, "free", "free");

        UsageEvent ofAlpha = record("alpha-1", teams.alpha());
        UsageEvent ofBeta = record("beta-1", teams.beta());
        BigDecimal alphaCost = cost(ofAlpha);
        BigDecimal betaCost = cost(ofBeta);
        assertThat(alphaCost).isGreaterThan(new BigDecimal("0.4"));

        assertThat(jdbc.sql("""
                        select grant_id, amount, team_id from wallet_entry where usage_event_id = ? order by id""")
                .param(ofAlpha.id()).query((rs, row) -> List.of(rs.getLong("grant_id"), rs.getBigDecimal("amount").stripTrailingZeros(),
                        rs.getLong("team_id"))).list())
                .as("the team's free grant, then its paid one, then the organization's for the rest")
                .containsExactly(List.of(free.id(), new BigDecimal("-0.2"), teams.alpha()),
                        List.of(paid.id(), new BigDecimal("-0.2"), teams.alpha()),
                        List.of(organizationGrant(), alphaCost.subtract(new BigDecimal("0.4")).negate().stripTrailingZeros(), 0L));
        assertThat(teamWallets.summary(teams.acme(), teams.alpha()).balance().amount()).isZero();
        assertThat(wallets.summary(teams.acme()).balance().amount())
                .isEqualByComparingTo(new BigDecimal("10").subtract(alphaCost.subtract(new BigDecimal("0.4"))).subtract(betaCost));
        assertRebuiltEqualsStored();
    }

    @Test
    void moving_credit_to_a_team_is_idempotent_conserves_the_total_and_takes_only_credit_that_never_expires() {
        wallets.grant(teams.acme(), GrantKind.FREE, new BigDecimal("10"), null, 0, "never expires", null, "never");
        wallets.grant(teams.acme(), GrantKind.PAID, new BigDecimal("5"), clock.instant().plus(Duration.ofDays(30)), 0, "expires",
                null, "expires");

        assertThat(teamWallets.transfer(teams.acme(), teams.alpha(), new BigDecimal("3"), "move-1").amount()).isEqualByComparingTo("3");
        assertThat(teamWallets.transfer(teams.acme(), teams.alpha(), new BigDecimal("3"), "move-1").amount())
                .as("the same key moves nothing more").isEqualByComparingTo("3");
        assertThatThrownBy(() -> teamWallets.transfer(teams.acme(), teams.alpha(), new BigDecimal("4"), "move-1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> teamWallets.transfer(teams.acme(), teams.alpha(), new BigDecimal("8"), "move-2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credit that never expires");

        assertThat(wallets.summary(teams.acme()).balance().amount()).isEqualByComparingTo("12");
        TeamWalletSummary alpha = teamWallets.summary(teams.acme(), teams.alpha());
        assertThat(alpha.balance().amount()).isEqualByComparingTo("3");
        assertThat(alpha.grants()).singleElement().satisfies(grant -> assertThat(grant.kind()).isEqualTo(GrantKind.FREE));
        assertThat(jdbc.sql("select sum(amount) from wallet_entry where organization_id = ?").param(teams.acme())
                .query(BigDecimal.class).single()).as("the total is conserved").isEqualByComparingTo("15");
        assertThat(jdbc.sql("select count(*) from wallet_entry where kind = 'TRANSFER'").query(Long.class).single()).isEqualTo(2);
        assertThat(teamWallets.of(teams.acme())).extracting(TeamWalletSummary::teamName).containsExactly("Alpha");
        assertRebuiltEqualsStored();
    }

    @Test
    void a_team_of_another_organization_gets_no_wallet() {
        long globex = fixtures.organization("globex");
        assertThatThrownBy(() -> teamWallets.grant(globex, teams.alpha(), GrantKind.FREE, BigDecimal.ONE, 0, null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a team of the organization");
        assertThat(jdbc.sql("select count(*) from team_wallet").query(Long.class).single()).isZero();
    }

    private long organizationGrant() {
        return jdbc.sql("select id from wallet_grant where team_id is null and organization_id = ?").param(teams.acme())
                .query(Long.class).single();
    }

    private void assertRebuiltEqualsStored() {
        Map<String, Object> sums = jdbc.sql("""
                        select (select balance from wallet where organization_id = :o) as organization,
                               (select sum(amount) from wallet_entry where organization_id = :o and team_id is null) as organization_rebuilt,
                               (select balance from team_wallet where team_id = :t) as team,
                               (select sum(amount) from wallet_entry where team_id = :t) as team_rebuilt,
                               (select sum(remaining) from wallet_grant where team_id = :t) as team_grants""")
                .param("o", teams.acme()).param("t", teams.alpha()).query().singleRow();
        assertThat((BigDecimal) sums.get("organization_rebuilt")).isEqualByComparingTo((BigDecimal) sums.get("organization"));
        assertThat((BigDecimal) sums.get("team_rebuilt")).isEqualByComparingTo((BigDecimal) sums.get("team"));
        assertThat((BigDecimal) sums.get("team_grants")).isEqualByComparingTo((BigDecimal) sums.get("team"));
    }

    private UsageEvent record(String key, long team) {
        RecordResult result = recorder.record(teams.acme(), new ReportedCall(key, "openai", "gpt-4o-mini", TokenCounts.of(1_000, 1_000_000),
                new Attribution(null, "someone", null, null, team, null), null, clock.instant(), null, null, false, UsageSource.API));
        assertThat(result.status()).isEqualTo(RecordResult.Status.RECORDED);
        return result.event();
    }

    private static BigDecimal cost(UsageEvent event) {
        return event.cost().billedCost().setScale(6, RoundingMode.HALF_UP);
    }
}
