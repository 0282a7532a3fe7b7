package dev.tokentally.requests.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import com.vaadin.flow.component.html.Span;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.requests.LoggedRequest;
import dev.tokentally.requests.RequestFilter;
import dev.tokentally.requests.RequestLog;
import dev.tokentally.requests.RequestLogQueries;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.ViewTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithUserDetails;

class RequestsViewTest extends ViewTest {

    @Autowired
    RequestLog requestLog;
    @Autowired
    RequestLogQueries queries;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;

    long acme;
    long globex;
    Instant now;

    @BeforeEach
    void calls() {
        acme = fixtures.organization("acme");
        globex = fixtures.organization("globex");
        now = clock.instant();
        long alice = fixtures.user("alice@acme.test");
        add(call(acme, now.minusSeconds(300), "gpt-4o-mini", new LoggedRequest.Outcome(200, null, null), 850, alice));
        add(call(acme, now.minusSeconds(200), "claude-sonnet-4-5",
                new LoggedRequest.Outcome(429, "budget_exceeded", "Acme monthly has EUR 0.00 left"), 12, null));
        add(call(acme, now.minusSeconds(100), "gpt-4o-mini", new LoggedRequest.Outcome(200, null, null), 4200, null));
        add(call(globex, now.minusSeconds(50), "globex-secret-model", new LoggedRequest.Outcome(200, null, null), 99, null));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from request_log").query(Integer.class).single() == 4);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_sees_the_organizations_calls_newest_first_and_filters_them() {
        RequestsView view = navigate(RequestsView.class);

        assertThat(models(view)).containsExactly("gpt-4o-mini · openai", "claude-sonnet-4-5 · openai", "gpt-4o-mini · openai");
        assertThat(test(view.grid).getCellText(0, 4)).isEqualTo("4,200 ms");
        assertThat(test(view.grid).getCellText(2, 1)).isEqualTo(fixtures.updateUser("alice@acme.test", user -> { }).getDisplayName());

        test(view.status).selectItem(RequestsView.ERRORS);
        assertThat(models(view)).containsExactly("claude-sonnet-4-5 · openai");
        test(view.status).selectItem(RequestsView.ALL);

        test(view.model).setValue("gpt-4o-mini");
        assertThat(models(view)).hasSize(2);
        test(view.slowerThan).setValue(1000);
        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getCellText(0, 4)).isEqualTo("4,200 ms");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_click_shows_every_field_of_the_call() {
        RequestsView view = navigate(RequestsView.class);
        test(view.status).selectItem(RequestsView.ERRORS);

        test(view.grid).clickRow(0);

        assertThat($(Span.class).id("request-status").getText()).isEqualTo("429");
        assertThat($(Span.class).id("request-error").getText()).isEqualTo("budget_exceeded: Acme monthly has EUR 0.00 left");
        assertThat($(Span.class).id("request-model").getText()).isEqualTo("claude-sonnet-4-5");
        assertThat($(Span.class).id("request-latency").getText()).isEqualTo("12 ms");
        assertThat($(Span.class).id("request-input-tokens").getText()).isEqualTo("100");
        assertThat($(Span.class).id("request-cost").getText()).isEqualTo("EUR 0.05");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void another_organizations_calls_are_never_shown() {
        RequestsView view = navigate(RequestsView.class);

        assertThat(models(view)).noneMatch(model -> model.startsWith("globex-secret-model"));
        long globexCall = jdbc.sql("select id from request_log where organization_id = ?").param(globex).query(Long.class).single();
        assertThatThrownBy(() -> queries.page(globex, RequestFilter.NONE, null, 50)).isInstanceOf(NotFoundException.class);
        assertThat(queries.find(acme, globexCall)).isEmpty();
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_sees_the_organization_they_choose() {
        RequestsView view = navigate(RequestsView.class);
        assertThat(test(view.grid).size()).isZero();

        test(view.organization).selectItem("Globex");

        assertThat(models(view)).containsExactly("globex-secret-model · openai");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_cannot_open_the_requests() {
        assertDenied(RequestsView.class);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_deep_page_is_read_by_key_in_order() {
        IntStream.range(0, 250).forEach(i -> add(call(acme, now.minusSeconds(1000 + i), "bulk-" + i,
                new LoggedRequest.Outcome(200, null, null), 5, null)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from request_log").query(Integer.class).single() == 254);
        KeysetPages pages = new KeysetPages();

        List<LoggedRequest> deep = pages.fetch((after, limit) -> queries.page(acme, RequestFilter.NONE, after, limit), 203, 10);

        assertThat(deep).extracting(row -> row.route().model()).containsExactlyElementsOf(
                IntStream.range(200, 210).mapToObj(i -> "bulk-" + i).toList());
    }

    private List<String> models(RequestsView view) {
        return IntStream.range(0, test(view.grid).size()).mapToObj(row -> test(view.grid).getCellText(row, 2)).toList();
    }

    private void add(LoggedRequest call) {
        requestLog.add(call);
    }

    private static LoggedRequest call(long organization, Instant at, String model, LoggedRequest.Outcome outcome, long latency,
                                      Long user) {
        return new LoggedRequest(null, at, organization, new LoggedRequest.Caller(null, user, null),
                new LoggedRequest.Route(model, "openai", "chat_completions", "/v1/chat/completions"), outcome,
                new LoggedRequest.Timing(latency, null, false), TokenCounts.of(100, 20),
                new LoggedRequest.Billing(null, new BigDecimal("0.05"), "EUR"), false, List.of(), null);
    }
}
