package dev.tokentally.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tokentally.base.Money;
import dev.tokentally.base.ui.MoneyText;
import dev.tokentally.gateway.ui.GatewayView;
import dev.tokentally.models.ProviderCircuits;
import dev.tokentally.models.ProviderConnections;
import dev.tokentally.models.ui.ProvidersView;
import dev.tokentally.reporting.ui.DashboardView;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * Issue 27's "done means", as users do it: the platform admin adds two more OpenAI keys on the Providers page, the
 * organization admin puts them behind one route on the Gateway page (load-balanced, falling back to Anthropic, cached
 * for an hour), an application calls the route with the OpenAI SDK tagged by project, and the Gateway page and the
 * dashboard show what each target served and cost, what the cache saved and the project's cost, as the ledger has it.
 */
class RoutedProjectScenarioTest extends ViewTest {

    static final String EU_KEY = "sk-proj-openai-eu-4b1c";
    static final String BATCH_KEY = "sk-proj-openai-batch-9e3f";
    static final String ROUTE = "chat-atlas";
    static final String SERVER_ERROR = "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}";

    @RegisterExtension
    static final GatewayFakes fakes = new GatewayFakes();

    @Value("${local.server.port}")
    int port;
    @Autowired
    UserDetailsService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ProviderConnections connections;
    @Autowired
    ProviderCircuits circuits;

    @BeforeEach
    void thePlatformHasOpenAiAndAnthropicConnected() {
        circuits.reset();
        fakes.connect(connections, users);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void three_openai_keys_load_balanced_falling_back_to_anthropic_cached_for_an_hour_and_tagged_by_project() {
        RunAs.user(users, "root@tokentally.test", () -> {
            addOpenAiConnection("openai-eu", EU_KEY);
            return addOpenAiConnection("openai-batch", BATCH_KEY);
        });
        createRouteOnTheGatewayPage();
        answers(keyed("openai", GatewayFakes.OPENAI_KEY), fresh("chatcmpl"));
        answers(keyed("openai-batch", BATCH_KEY), fresh("chatcmpl"));
        fakes.server.stubFor(keyed("openai-eu", EU_KEY).willReturn(serverError()));
        answers(post(urlPathEqualTo("/anthropic/v1/chat/completions")), GatewayRoutingTest.anthropicCompletion(
                "msg-{{randomValue type='UUID'}}"));
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(fixtures.apiKey("acme").secret())
                .baseUrl("http://localhost:" + port + "/v1").maxRetries(0).putHeader("x-tokentally-tags", "project=atlas").build();
        Map<String, Integer> served = new HashMap<>();

        // openai-eu answers 500: whenever the weights pick it, its retry and then another key serve the call.
        List<HttpResponseFor<ChatCompletion>> answers = new ArrayList<>();
        for (int question = 1; question <= 8; question++) {
            HttpResponseFor<ChatCompletion> answer = ask(client, "Question " + question);
            answers.add(answer);
            String model = header(answer, "x-tokentally-model");
            assertThat(model).isIn("openai/gpt-4o-mini", "openai-batch/gpt-4o-mini");
            assertThat(header(answer, "x-tokentally-cache")).isEqualTo("miss");
            served.merge(model, 1, Integer::sum);
        }
        // Every OpenAI key failing, Anthropic serves.
        fakes.server.stubFor(keyed("openai", GatewayFakes.OPENAI_KEY).atPriority(1).willReturn(serverError()));
        fakes.server.stubFor(keyed("openai-batch", BATCH_KEY).atPriority(1).willReturn(serverError()));
        HttpResponseFor<ChatCompletion> fallback = ask(client, "Question 9");
        assertThat(header(fallback, "x-tokentally-model")).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(Integer.parseInt(header(fallback, "x-tokentally-attempts"))).isGreaterThan(1);
        assertThat(fallback.parse().choices().getFirst().message().content()).contains("Hello from Claude");
        served.merge("anthropic/claude-sonnet-4-5", 1, Integer::sum);
        int providerCalls = fakes.server.getAllServeEvents().size();

        // The first question again, within the hour: answered from the cache, no provider called.
        HttpResponseFor<ChatCompletion> cached = ask(client, "Question 1");

        assertThat(header(cached, "x-tokentally-cache")).isEqualTo("hit");
        assertThat(cached.parse().id()).isEqualTo(answers.getFirst().parse().id());
        assertThat(fakes.server.getAllServeEvents()).hasSize(providerCalls);
        for (var key : Map.of("openai", GatewayFakes.OPENAI_KEY, "openai-eu", EU_KEY, "openai-batch", BATCH_KEY).entrySet()) {
            fakes.server.verify(moreThanOrExactly(1),
                    postRequestedFor(urlPathEqualTo("/" + key.getKey() + "/v1/chat/completions"))
                            .withHeader("Authorization", equalTo("Bearer " + key.getValue())));
        }
        fakes.server.verify(1, postRequestedFor(urlPathEqualTo("/anthropic/v1/chat/completions")));

        // The ledger: each answer once, on the connection that served it; nothing for the 500s; the hit at no cost.
        assertThat(ledgerServed()).containsExactlyInAnyOrderEntriesOf(served);
        assertThat(jdbc.sql("select count(*) from usage_event where connection = 'openai-eu'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select raw_cost_usd from usage_event where provider = 'openai' and not cache_hit")
                .query(BigDecimal.class).list())
                .as("176 uncached input tokens at $0.15, 1,024 cached at $0.075, 350 output at $0.60 per million")
                .allSatisfy(cost -> assertThat(cost).isEqualByComparingTo("0.0003132"));
        Map<String, Object> hit = event(header(cached, "x-tokentally-event-id"));
        Map<String, Object> first = event(header(answers.getFirst(), "x-tokentally-event-id"));
        assertThat(hit).containsEntry("cache_hit", true);
        assertThat((BigDecimal) hit.get("billed_cost")).isZero();
        assertThat((BigDecimal) hit.get("saved")).isPositive().isEqualByComparingTo((BigDecimal) first.get("billed_cost"));
        assertThat(jdbc.sql("select count(*) from usage_event where source = 'GATEWAY' and tags @> '{\"project\":\"atlas\"}'")
                .query(Long.class).single()).isEqualTo(10L).isEqualTo(jdbc.sql("select count(*) from usage_event")
                        .query(Long.class).single());

        String currency = jdbc.sql("select distinct billed_currency from usage_event").query(String.class).single();
        dashboardShowsTheCacheAndTheProject(currency);
        gatewayPageShowsWhatEachTargetServed(currency);
    }

    /** The Providers page's "Add another connection of a provider", an OpenAI key pointed at its own fake. */
    Object addOpenAiConnection(String name, String key) {
        navigate(ProvidersView.class);
        test($(Button.class).withText("Add another connection of a provider").single()).click();
        Dialog dialog = $(Dialog.class).last();
        test($(TextField.class).from(dialog).withLabel("Name").single()).setValue(name);
        test($(TextField.class).from(dialog).withLabel("Base URL").single()).setValue(fakes.server.baseUrl() + "/" + name + "/v1");
        test($(PasswordField.class).from(dialog).withLabel("New API key").single()).setValue(key);
        test($(Button.class).from(dialog).withText("Save").single()).click();
        assertThat(dialog.isOpened()).as("saved").isFalse();
        return null;
    }

    void createRouteOnTheGatewayPage() {
        navigate(GatewayView.class);
        assertThat($(Paragraph.class).withTextContaining("Cache TTL").single().getText())
                .contains("API key's own cache setting", "x-tokentally-tags: project=atlas", "x-tokentally-model");
        test($(Button.class).withText("New route").single()).click();
        Dialog dialog = $(Dialog.class).last();
        test($(TextField.class).from(dialog).withLabel("Name clients call").single()).setValue(ROUTE);
        $(IntegerField.class).from(dialog).withLabel("Retries per target").single().setValue(1);
        test($(TextField.class).from(dialog).withLabel("Cache TTL").single()).setValue("1h");
        target(dialog, 1, "openai/gpt-4o-mini", 2);
        test($(Button.class).from(dialog).withText("Add target").single()).click();
        target(dialog, 2, "openai-eu/gpt-4o-mini", 1);
        test($(Button.class).from(dialog).withText("Add target").single()).click();
        target(dialog, 3, "openai-batch/gpt-4o-mini", 1);
        test($(Button.class).from(dialog).withText("Add fallback").single()).click();
        model(dialog, "Fallback 1").setValue("anthropic/claude-sonnet-4-5");
        test($(Button.class).from(dialog).withText("Save").single()).click();

        assertThat(dialog.isOpened()).as("saved").isFalse();
        Grid<?> routes = gridHeaded("Name");
        assertThat(test(routes).getCellText(0, 0)).isEqualTo(ROUTE);
        assertThat(test(routes).getCellText(0, 2))
                .isEqualTo("openai/gpt-4o-mini (2), openai-eu/gpt-4o-mini (1), openai-batch/gpt-4o-mini (1)");
        assertThat(test(routes).getCellText(0, 3)).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(test(routes).getCellText(0, 5)).isEqualTo("1h");
    }

    void target(Dialog dialog, int number, String model, int weight) {
        model(dialog, "Model of target " + number).setValue(model);
        $(IntegerField.class).from(dialog).withAriaLabel("Weight of target " + number).single().setValue(weight);
    }

    @SuppressWarnings("unchecked")
    ComboBox<String> model(Dialog dialog, String ariaLabel) {
        return $(ComboBox.class).from(dialog).withAriaLabel(ariaLabel).single();
    }

    void dashboardShowsTheCacheAndTheProject(String currency) {
        navigate(DashboardView.class);
        Map<String, Object> cache = jdbc.sql("""
                select count(*) filter (where cache_hit) as hits, count(*) as calls, sum(saved) as saved
                from usage_event where source = 'GATEWAY'""").query().singleRow();
        BigDecimal rate = BigDecimal.valueOf((Long) cache.get("hits")).movePointRight(2)
                .divide(BigDecimal.valueOf((Long) cache.get("calls")), 2, RoundingMode.HALF_UP);
        assertThat($(Span.class).id("month-response-cache-hit-rate").getText()).isEqualTo(rate + " %").isEqualTo("10.00 %");
        assertThat($(Span.class).id("month-response-cache-saved").getText())
                .isEqualTo(MoneyText.format(new Money((BigDecimal) cache.get("saved"), currency)));

        test($(TextField.class).withLabel("Tag key").single()).setValue("project");

        Grid<?> byTag = gridHeaded("Value");
        Map<String, Object> atlas = jdbc.sql("""
                select count(*) as calls, sum(billed_cost) as cost from usage_event
                where tags @> '{"project":"atlas"}'""").query().singleRow();
        assertThat(test(byTag).size()).isOne();
        assertThat(test(byTag).getCellText(0, 0)).isEqualTo("atlas");
        assertThat(test(byTag).getCellText(0, 1)).isEqualTo(String.valueOf(atlas.get("calls")));
        assertThat(test(byTag).getCellText(0, 3)).isEqualTo(MoneyText.format(new Money((BigDecimal) atlas.get("cost"), currency)));
    }

    void gatewayPageShowsWhatEachTargetServed(String currency) {
        navigate(GatewayView.class);
        Grid<?> servedBy = gridHeaded("Connection");
        List<Map<String, Object>> ledger = jdbc.sql("""
                select connection, provider || '/' || model as model, count(*) as calls, sum(billed_cost) as cost
                from usage_event where source = 'GATEWAY' and not cache_hit group by 1, 2 order by 1""").query().listOfRows();
        assertThat(ledger).extracting(row -> row.get("connection")).containsExactlyInAnyOrderElementsOf(
                ledgerServed().keySet().stream().map(model -> model.substring(0, model.indexOf('/'))).toList());
        assertThat(test(servedBy).size()).isEqualTo(ledger.size());
        for (int row = 0; row < ledger.size(); row++) {
            String connection = test(servedBy).getCellText(row, 0);
            Map<String, Object> expected = ledger.stream().filter(line -> line.get("connection").equals(connection))
                    .findFirst().orElseThrow();
            assertThat(test(servedBy).getCellText(row, 1)).as(connection).isEqualTo(expected.get("model"));
            assertThat(test(servedBy).getCellText(row, 2)).as(connection).isEqualTo(String.valueOf(expected.get("calls")));
            assertThat(test(servedBy).getCellText(row, 3)).as(connection)
                    .isEqualTo(MoneyText.format(new Money((BigDecimal) expected.get("cost"), currency)));
        }
    }

    /** The page's grid whose first column has this header. */
    Grid<?> gridHeaded(String header) {
        return $(Grid.class).withCondition(grid -> header.equals(((Grid<?>) grid).getColumns().getFirst().getHeaderText())).single();
    }

    HttpResponseFor<ChatCompletion> ask(OpenAIClient client, String question) {
        return client.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder().model(ROUTE)
                .addUserMessage(question).build());
    }

    static String header(HttpResponseFor<?> response, String name) {
        return response.headers().values(name).stream().findFirst().orElse(null);
    }

    /** What served each paid answer, as the x-tokentally-model header names it: connection/model, and how often. */
    Map<String, Integer> ledgerServed() {
        Map<String, Integer> served = new HashMap<>();
        jdbc.sql("""
                select connection || '/' || model as served, count(*) as calls from usage_event
                where source = 'GATEWAY' and not cache_hit group by 1""").query().listOfRows()
                .forEach(row -> served.put((String) row.get("served"), ((Long) row.get("calls")).intValue()));
        return served;
    }

    Map<String, Object> event(String id) {
        return jdbc.sql("select cache_hit, billed_cost, saved from usage_event where id = ?::uuid").param(id).query().singleRow();
    }

    static MappingBuilder keyed(String connection, String key) {
        return post(urlPathEqualTo("/" + connection + "/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer " + key));
    }

    void answers(MappingBuilder call, String body) {
        fakes.server.stubFor(call.willReturn(GatewayFakes.json(body).withTransformers("response-template")));
    }

    static String fresh(String prefix) {
        return GatewayFakes.openAiCompletion(prefix + "-{{randomValue type='UUID'}}", GatewayFakes.OPENAI_USAGE);
    }

    static ResponseDefinitionBuilder serverError() {
        return aResponse().withStatus(500).withHeader("Content-Type", "application/json").withBody(SERVER_ERROR);
    }
}
