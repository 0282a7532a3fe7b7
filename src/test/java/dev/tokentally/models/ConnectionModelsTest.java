package dev.tokentally.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;

import dev.tokentally.pricing.PriceSheet;
import org.junit.jupiter.api.Test;

/** The lists admins and the environment give a connection's models and deployments in. */
class ConnectionModelsTest {

    @Test
    void a_model_list_gives_prices_per_million_tokens_and_leaves_a_model_without_one_unpriced() {
        assertThat(ConnectionModels.models("llama-3.1-8b=0.1/0.2, other-model\nqwen/qwen3-32b=0.29/0.59"))
                .containsExactly(new ConnectionModels.Listed("llama-3.1-8b", new BigDecimal("0.1"), new BigDecimal("0.2")),
                        new ConnectionModels.Listed("other-model", null, null),
                        new ConnectionModels.Listed("qwen/qwen3-32b", new BigDecimal("0.29"), new BigDecimal("0.59")));
    }

    @Test
    void a_price_that_is_not_input_slash_output_or_a_model_listed_twice_is_refused_by_name() {
        assertThatThrownBy(() -> ConnectionModels.models("llama-3.1-8b=cheap")).hasMessageContaining("llama-3.1-8b=0.1/0.2");
        assertThatThrownBy(() -> ConnectionModels.models("m=-1/2")).hasMessageContaining("The price of m");
        assertThatThrownBy(() -> ConnectionModels.models("m,m=1/2")).hasMessage("m is listed twice");
        assertThatThrownBy(() -> ConnectionModels.models("two words")).hasMessageContaining("is not a model name");
    }

    @Test
    void deployments_map_a_deployment_to_a_catalog_model() {
        assertThat(ConnectionModels.deployments("prod-4o=gpt-4o,mini=gpt-4o-mini"))
                .containsExactly(Map.entry("prod-4o", new ConnectionModels.Deployment("gpt-4o", null)),
                        Map.entry("mini", new ConnectionModels.Deployment("gpt-4o-mini", null)));
        assertThatThrownBy(() -> ConnectionModels.deployments("prod-4o")).hasMessageContaining("prod-4o=gpt-4o");
    }

    @Test
    void a_deployment_may_carry_its_own_input_output_and_cached_input_price() {
        assertThat(ConnectionModels.deployments("prod-4o=gpt-4o=2.25/9/1.1,mini=gpt-4o-mini=0.1/0.4"))
                .containsExactly(Map.entry("prod-4o", new ConnectionModels.Deployment("gpt-4o", new PriceSheet(
                                new BigDecimal("2.25"), new BigDecimal("1.1"), null, null, new BigDecimal("9"), null))),
                        Map.entry("mini", new ConnectionModels.Deployment("gpt-4o-mini", new PriceSheet(
                                new BigDecimal("0.1"), null, null, null, new BigDecimal("0.4"), null))));
        assertThatThrownBy(() -> ConnectionModels.deployments("prod-4o=gpt-4o=-1/2")).hasMessageContaining("The price of prod-4o");
        assertThatThrownBy(() -> ConnectionModels.deployments("prod-4o=gpt-4o=1/2=3")).hasMessageContaining("prod-4o=gpt-4o");
    }
}
