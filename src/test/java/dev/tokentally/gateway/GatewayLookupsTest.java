package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A gateway call looks up its team, the organization's locale and terms and the model's prices once, at the gate,
 * and the ledger books it with them (issue 24's walk in docs/architecture.md): counted as the times the caches
 * holding them are asked.
 */
@TokentallyTest
class GatewayLookupsTest extends GatewayTestSupport {

    @Autowired
    ReferenceChanges references;

    @Test
    void a_gateway_call_under_a_hard_budget_looks_up_its_team_locale_terms_and_prices_once() throws Exception {
        hardBudget(new BigDecimal("1000000"));
        call("chatcmpl-lookups-warm"); // the caches loaded, so that each lookup below is asked once, not once more to load

        Map<String, Long> before = asked();
        call("chatcmpl-lookups-1");
        Map<String, Long> after = asked();

        long team = after.get("team") - before.get("team");
        long terms = after.get("volume_tier") - before.get("volume_tier");
        // The organization's caches hold its locale and its terms; budget alerts checked after the call may ask once more.
        long locale = after.get("organization") - before.get("organization") - terms;
        // One by id at the gate, and the name the provider answered with (another name of the model called) by name.
        long prices = after.get("model_price") - before.get("model_price");
        assertThat(team).as("team directory").isEqualTo(1);
        assertThat(terms).as("terms").isEqualTo(1);
        assertThat(locale).as("locale (and perhaps the alert check's)").isBetween(1L, 2L);
        assertThat(prices).as("price catalog (by id, then the answered name: id and name)").isEqualTo(3);
    }

    private void call(String id) throws Exception {
        fakes.server.stubFor(GatewayFakes.openAi().willReturn(GatewayFakes.json(
                GatewayFakes.openAiCompletion(id, GatewayFakes.OPENAI_USAGE))));
        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","max_tokens":100,"messages":[{"role":"user","content":"Hello"}]}""");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(event(id)).containsEntry("model", "gpt-4o-mini");
    }

    /** How often the caches of the tables that hold a call's team, terms, locale and prices were asked so far. */
    private Map<String, Long> asked() {
        Map<String, Long> asked = new LinkedHashMap<>();
        for (String table : new String[] {"team", "volume_tier", "organization", "model_price"}) {
            asked.put(table, references.asked(table));
        }
        return asked;
    }
}
