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
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A prepaid organization's gateway calls are held by its balance, through the same gate as budgets. */
@TokentallyTest
class GatewayBalanceTest extends GatewayTestSupport {

    @Autowired
    Wallets wallets;

    @Test
    void fifty_concurrent_calls_against_a_balance_with_room_for_ten_never_take_it_below_zero() throws Exception {
        providerAnswersWithItsFullLimit();
        BigDecimal costOfOne = new BigDecimal(chat(GatewayBudgetTest.CALL).headers().firstValue("x-tokentally-cost").orElseThrow());
        long acme = organization("acme");
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, null, null, null));
        BigDecimal granted = costOfOne.multiply(new BigDecimal("10.5")).setScale(6, RoundingMode.HALF_UP);
        wallets.grant(acme, GrantKind.FREE, granted, null, 0, "room for ten", null, "room-for-ten");

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 50).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + acmeKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GatewayBudgetTest.CALL)).build(),
                HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        long answered = responses.stream().filter(response -> response.statusCode() == 200).count();
        List<HttpResponse<String>> refused = responses.stream().filter(response -> response.statusCode() == 429).toList();
        assertThat(answered).isEqualTo(10);
        assertThat(refused).hasSize(40).allSatisfy(response ->
                assertThat(parse(response.body()).path("error").path("code").asString()).isEqualTo("balance_exhausted"));
        assertThat(gatewayEvents()).as("the measuring call and the ten answered").isEqualTo(11);
        assertThat(fakes.server.getAllServeEvents()).hasSize(11);
        Map<String, Object> wallet = jdbc.sql("""
                        select (select balance from wallet where organization_id = :o) as stored,
                               (select sum(amount) from wallet_entry where organization_id = :o) as rebuilt,
                               (select sum(remaining) from wallet_grant where organization_id = :o) as grants,
                               (select count(*) from wallet_reservation) as holds""")
                .param("o", acme).query().singleRow();
        BigDecimal stored = (BigDecimal) wallet.get("stored");
        assertThat(stored).isNotNegative().isLessThan(costOfOne);
        assertThat((BigDecimal) wallet.get("rebuilt")).isEqualByComparingTo(stored);
        assertThat((BigDecimal) wallet.get("grants")).isEqualByComparingTo(stored);
        assertThat((Long) wallet.get("holds")).as("every hold was let go").isZero();
        assertThat(jdbc.sql("select count(*) from wallet_entry where kind = 'CONSUMPTION'").query(Long.class).single()).isEqualTo(10);
    }

    @Test
    void a_call_the_balance_cannot_cover_is_refused_in_each_providers_shape_before_the_provider_is_called() throws Exception {
        providerAnswersWithItsFullLimit();
        long acme = organization("acme");
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, null, null, null));
        wallets.grant(acme, GrantKind.FREE, new BigDecimal("0.000010"), null, 0, "almost nothing", null, "crumbs");

        HttpResponse<String> openAi = chat(GatewayBudgetTest.CALL);
        HttpResponse<String> anthropic = messages("""
                {"model":"claude-sonnet-4-5","max_tokens":4000,"messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(openAi.statusCode()).isEqualTo(429);
        var error = parse(openAi.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("insufficient_quota");
        assertThat(error.path("code").asString()).isEqualTo("balance_exhausted");
        assertThat(error.path("message").asString()).startsWith("The organization's prepaid balance is EUR 0.000010, less than")
                .contains("up to EUR ", "on the Billing page or with POST /api/v1/wallet/top-ups");
        assertThat(anthropic.statusCode()).isEqualTo(429);
        var body = parse(anthropic.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(body.path("error").path("code").asString()).isEqualTo("balance_exhausted");
        assertThat(body.path("error").path("message").asString()).contains("prepaid balance", "/api/v1/wallet/top-ups");
        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
        assertThat(jdbc.sql("select count(*) from wallet_reservation").query(Long.class).single()).isZero();
        assertThat(wallets.summary(acme).balance().amount()).isEqualByComparingTo("0.00001");
    }

    @Test
    void postpaid_and_mixed_organizations_are_not_held_by_their_balance() throws Exception {
        providerAnswersWithItsFullLimit();
        long acme = organization("acme");

        HttpResponse<String> postpaid = chat(GatewayBudgetTest.CALL);
        wallets.configure(acme, new WalletSettings(WalletMode.MIXED, null, null, null));
        HttpResponse<String> mixed = chat(GatewayBudgetTest.CALL);

        assertThat(postpaid.statusCode()).isEqualTo(200);
        assertThat(mixed.statusCode()).as("an empty mixed wallet invoices the overage").isEqualTo(200);
        assertThat(gatewayEvents()).isEqualTo(2);
        assertThat(wallets.entryCount(acme)).isZero();
    }
}
