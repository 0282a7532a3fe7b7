package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.TeamWallets;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A team with a wallet of its own: its gateway calls are held by the team's balance, through the same gate. */
@TokentallyTest
class GatewayTeamWalletTest extends GatewayTestSupport {

    @Autowired
    TeamWallets teamWallets;

    @Test
    void thirty_concurrent_calls_of_a_team_whose_wallet_has_room_for_five_never_take_it_below_zero() throws Exception {
        providerAnswersWithItsFullLimit();
        BigDecimal costOfOne = new BigDecimal(chat(GatewayBudgetTest.CALL).headers().firstValue("x-tokentally-cost").orElseThrow());
        Fixtures.AlphaAndBeta teams = fixtures.alphaAndBeta();
        String alphaKey = keyOf(teams.alpha());
        BigDecimal granted = costOfOne.multiply(new BigDecimal("5.5")).setScale(6, RoundingMode.HALF_UP);
        teamWallets.grant(teams.acme(), teams.alpha(), GrantKind.FREE, granted, 0, "room for five", "room-for-five");

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 30).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + alphaKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GatewayBudgetTest.CALL)).build(),
                HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        assertThat(responses.stream().filter(response -> response.statusCode() == 200).count()).isEqualTo(5);
        List<HttpResponse<String>> refused = responses.stream().filter(response -> response.statusCode() == 429).toList();
        assertThat(refused).hasSize(25).allSatisfy(response -> {
            var error = parse(response.body()).path("error");
            assertThat(error.path("code").asString()).isEqualTo("balance_exhausted");
            assertThat(error.path("message").asString()).startsWith("The team Alpha's prepaid balance is EUR ");
        });
        assertThat(gatewayEvents()).as("the measuring call and the five answered").isEqualTo(6);
        Map<String, Object> wallet = jdbc.sql("""
                        select (select balance from team_wallet where team_id = :t) as stored,
                               (select sum(amount) from wallet_entry where team_id = :t) as rebuilt,
                               (select sum(remaining) from wallet_grant where team_id = :t) as grants,
                               (select count(*) from wallet_entry where team_id = :t and kind = 'CONSUMPTION') as consumed,
                               (select count(*) from wallet_reservation) as holds""")
                .param("t", teams.alpha()).query().singleRow();
        BigDecimal stored = (BigDecimal) wallet.get("stored");
        assertThat(stored).isNotNegative().isLessThan(costOfOne);
        assertThat((BigDecimal) wallet.get("rebuilt")).isEqualByComparingTo(stored);
        assertThat((BigDecimal) wallet.get("grants")).isEqualByComparingTo(stored);
        assertThat((Long) wallet.get("consumed")).isEqualTo(5);
        assertThat((Long) wallet.get("holds")).as("every hold was let go").isZero();
    }

    @Test
    void calls_of_another_team_or_without_a_team_are_not_held_by_a_teams_wallet() throws Exception {
        providerAnswersWithItsFullLimit();
        Fixtures.AlphaAndBeta teams = fixtures.alphaAndBeta();
        String alphaKey = keyOf(teams.alpha());
        String betaKey = keyOf(teams.beta());
        teamWallets.grant(teams.acme(), teams.alpha(), GrantKind.FREE, new BigDecimal("0.000010"), 0, "almost nothing", "crumbs");

        HttpResponse<String> alpha = post("/v1/chat/completions", Map.of("Authorization", "Bearer " + alphaKey), GatewayBudgetTest.CALL);
        HttpResponse<String> beta = post("/v1/chat/completions", Map.of("Authorization", "Bearer " + betaKey), GatewayBudgetTest.CALL);
        HttpResponse<String> noTeam = chat(GatewayBudgetTest.CALL);

        assertThat(alpha.statusCode()).isEqualTo(429);
        assertThat(parse(alpha.body()).path("error").path("message").asString())
                .startsWith("The team Alpha's prepaid balance is EUR 0.000010, less than this call may cost")
                .contains("move credit from the organization's balance to the team");
        assertThat(beta.statusCode()).isEqualTo(200);
        assertThat(noTeam.statusCode()).isEqualTo(200);
        assertThat(teamWallets.summary(teams.acme(), teams.alpha()).balance().amount()).isEqualByComparingTo("0.000010");
        assertThat(teamWallets.entryCount(teams.acme(), teams.alpha())).as("only the grant").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from wallet_entry where kind = 'CONSUMPTION'").query(Long.class).single()).isZero();
    }

    /** A new Acme key bound to the team: its calls are charged to it. */
    private String keyOf(long team) {
        Fixtures.Key key = fixtures.apiKey("acme", "key of team " + team);
        fixtures.bindKey(key.id(), team);
        return key.secret();
    }
}
