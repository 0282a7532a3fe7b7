package dev.tokentally.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import dev.tokentally.gateway.routing.GatewayRoutes;
import dev.tokentally.gateway.routing.Route;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.ViewTest;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.CallChannel;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.ServedTotals;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.UsageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;

/** The Gateway page's routes (issue 27): edited, deleted, exported and imported by admins, hidden from members. */
class GatewayRoutesViewTest extends ViewTest {

    @Autowired
    GatewayRoutes gatewayRoutes;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UserDetailsService users;
    @Autowired
    UsageRecorder recorder;
    @Autowired
    JdbcClient jdbc;

    static Route route(String name, String... models) {
        return new Route(name, null, Route.Strategy.WEIGHTED, 1, null,
                java.util.Arrays.stream(models).map(model -> new Route.Target(model, 1)).toList(), List.of(), null, false, false);
    }

    RouteDialog openNewRoute(GatewayView view) {
        test(view.routes.create).click();
        return $(RouteDialog.class).last();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_creates_chat_default_with_three_targets_and_a_fallback_and_sees_it_listed() {
        GatewayView view = navigate(GatewayView.class);
        assertThat(view.routes.emptyState.isVisible()).as("an empty list explains routes").isTrue();
        assertThat(view.routes.emptyState.getElement().getTextRecursively()).contains("name: chat-default", "fallback:");

        RouteDialog dialog = openNewRoute(view);
        dialog.name.setValue("chat-default");
        dialog.retries.setValue(2);
        dialog.cacheTtl.setValue("1h");
        dialog.targetRows.getFirst().model().setValue("openai/gpt-4o-mini");
        dialog.targetRows.getFirst().weight().setValue(3);
        test(dialog.addTarget).click();
        dialog.targetRows.get(1).model().setValue("openai/gpt-4o");
        test(dialog.addTarget).click();
        dialog.targetRows.get(2).model().setValue("anthropic/claude-sonnet-4-5");
        test(dialog.addFallback).click();
        dialog.fallbackRows.getFirst().model().setValue("anthropic/claude-sonnet-4-5");
        test(dialog.save).click();

        assertThat(dialog.isOpened()).isFalse();
        Route saved = gatewayRoutes.list(fixtures.organization("acme")).getFirst();
        assertThat(saved.name()).isEqualTo("chat-default");
        assertThat(saved.targets()).containsExactly(new Route.Target("openai/gpt-4o-mini", 3),
                new Route.Target("openai/gpt-4o", 1), new Route.Target("anthropic/claude-sonnet-4-5", 1));
        assertThat(saved.fallback()).containsExactly("anthropic/claude-sonnet-4-5");
        assertThat(saved.retries()).isEqualTo(2);
        assertThat(saved.cacheTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(view.routes.grid.getGenericDataView().getItems().map(Route::name).toList()).containsExactly("chat-default");
        assertThat(view.routes.emptyState.isVisible()).isFalse();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_weight_of_zero_is_marked_on_its_field_and_nothing_is_saved() {
        GatewayView view = navigate(GatewayView.class);
        RouteDialog dialog = openNewRoute(view);
        dialog.name.setValue("chat-default");
        dialog.targetRows.getFirst().model().setValue("openai/gpt-4o-mini");
        dialog.targetRows.getFirst().weight().setValue(0);

        test(dialog.save).click();

        assertThat(dialog.targetRows.getFirst().weight().isInvalid()).isTrue();
        assertThat(dialog.targetRows.getFirst().weight().getErrorMessage()).contains("from 1 to 1000");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(gatewayRoutes.list(fixtures.organization("acme"))).isEmpty();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_model_the_routes_service_refuses_is_shown_on_the_form_and_nothing_is_saved() {
        GatewayView view = navigate(GatewayView.class);
        RouteDialog dialog = openNewRoute(view);
        dialog.name.setValue("chat-default");
        dialog.targetRows.getFirst().model().setValue("openai/no-such-model");

        test(dialog.save).click();

        assertThat(dialog.formError.isVisible()).isTrue();
        assertThat(dialog.formError.getText()).contains("no-such-model");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(gatewayRoutes.list(fixtures.organization("acme"))).isEmpty();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void deleting_a_route_asks_first_and_deletes_it_only_once_confirmed() {
        long acme = fixtures.organization("acme");
        gatewayRoutes.save(acme, route("chat-default", "openai/gpt-4o-mini"));
        GatewayView view = navigate(GatewayView.class);
        view.routes.grid.select(view.routes.grid.getGenericDataView().getItems().findFirst().orElseThrow());

        test(view.routes.delete).click();

        assertThat(gatewayRoutes.list(acme)).as("nothing deleted before the confirmation").hasSize(1);
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(gatewayRoutes.list(acme)).isEmpty();
        assertThat(view.routes.emptyState.isVisible()).isTrue();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void the_export_is_yaml_that_the_import_accepts_after_asking_and_replaces_the_stored_routes() {
        long acme = fixtures.organization("acme");
        gatewayRoutes.save(acme, route("chat-default", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"));
        GatewayView view = navigate(GatewayView.class);
        String exported = view.routes.exportText();
        assertThat(exported).startsWith("routes:").contains("name: chat-default", "model: anthropic/claude-sonnet-4-5");
        assertThat(view.routes.exportYaml.getHref()).as("a download").isNotBlank();
        gatewayRoutes.save(acme, route("to-be-replaced", "openai/gpt-4o"));

        test(view.routes.importYaml).click();
        RouteImportDialog dialog = $(RouteImportDialog.class).last();
        dialog.yaml.setValue(exported);
        test(dialog.replace).click();
        assertThat(gatewayRoutes.list(acme)).as("nothing replaced before the confirmation").hasSize(2);
        test($(ConfirmDialog.class).last()).confirm();

        assertThat(gatewayRoutes.list(acme)).extracting(Route::name).containsExactly("chat-default");
        assertThat(gatewayRoutes.list(acme).getFirst().targets()).hasSize(2);
        assertThat(notificationText()).isEqualTo("Imported 1 route.");
        assertThat(view.routes.grid.getGenericDataView().getItems().map(Route::name).toList()).containsExactly("chat-default");
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void a_bad_document_is_refused_with_its_error_and_changes_nothing() {
        long acme = fixtures.organization("acme");
        gatewayRoutes.save(acme, route("chat-default", "openai/gpt-4o-mini"));
        GatewayView view = navigate(GatewayView.class);

        test(view.routes.importYaml).click();
        RouteImportDialog dialog = $(RouteImportDialog.class).last();
        dialog.yaml.setValue("""
                routes:
                  - name: fresh
                    targets: [ { model: openai/gpt-4o-mini, weight: 0 } ]""");
        test(dialog.replace).click();
        test($(ConfirmDialog.class).last()).confirm();

        assertThat(dialog.yaml.isInvalid()).isTrue();
        assertThat(dialog.yaml.getErrorMessage()).contains("route 'fresh'", "weight");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(gatewayRoutes.list(acme)).extracting(Route::name).containsExactly("chat-default");
    }

    @Test
    @WithUserDetails("alice@acme.test")
    void a_member_sees_no_routes_and_cannot_read_or_change_them() {
        GatewayView view = navigate(GatewayView.class);

        assertThat(view.routes).isNull();
        assertThat($(RoutesSection.class).all()).isEmpty();
        long acme = fixtures.organization("acme");
        assertThatThrownBy(() -> gatewayRoutes.list(acme)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> gatewayRoutes.save(acme, route("chat-default", "openai/gpt-4o-mini")))
                .isInstanceOf(AccessDeniedException.class);
        assertDenied(PlatformRoutesView.class);
    }

    @Test
    @WithUserDetails("root@tokentally.test")
    void a_platform_admin_sees_and_deletes_the_platform_wide_routes_not_an_organizations() {
        gatewayRoutes.savePlatform(route("chat-everyone", "openai/gpt-4o-mini"));
        gatewayRoutes.save(fixtures.organization("acme"), route("acme-only", "openai/gpt-4o-mini"));

        PlatformRoutesView view = navigate(PlatformRoutesView.class);

        assertThat(view.routes.grid.getGenericDataView().getItems().map(Route::name).toList()).containsExactly("chat-everyone");
        assertThat(view.routes.exportText()).contains("name: chat-everyone").doesNotContain("acme-only");
        view.routes.grid.select(view.routes.grid.getGenericDataView().getItems().findFirst().orElseThrow());
        test(view.routes.delete).click();
        test($(ConfirmDialog.class).last()).confirm();
        assertThat(gatewayRoutes.listPlatform()).isEmpty();
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void an_org_admin_may_not_open_the_platform_routes() {
        assertDenied(PlatformRoutesView.class);
    }

    @Test
    @WithUserDetails("admin@acme.test")
    void the_page_shows_which_connection_and_model_served_this_months_gateway_calls_and_their_exact_cost() {
        long acme = fixtures.organization("acme");
        gatewayCall(acme, "gw:served-1", "openai-eu", 1_000_000);
        gatewayCall(acme, "gw:served-2", "openai-eu", 1_000_000);
        gatewayCall(acme, "gw:served-3", "openai-us", 10_000);

        GatewayView view = navigate(GatewayView.class);

        List<ServedTotals.Served> rows = view.served.getGenericDataView().getItems().toList();
        assertThat(rows).extracting(ServedTotals.Served::connection).containsExactly("openai-eu", "openai-us");
        assertThat(rows).extracting(ServedTotals.Served::calls).containsExactly(2L, 1L);
        for (ServedTotals.Served row : rows) {
            BigDecimal ledger = jdbc.sql("select sum(billed_cost) from usage_event where connection = ?")
                    .param(row.connection()).query(BigDecimal.class).single();
            assertThat(row.cost().amount()).as(row.connection()).isEqualByComparingTo(ledger);
            assertThat(row.model()).isEqualTo("openai/gpt-4o-mini");
        }
    }

    void gatewayCall(long organization, String key, String connection, long inputTokens) {
        RunAs.user(users, "admin@acme.test", () -> recorder.record(organization, new ReportedCall(key, "openai", "gpt-4o-mini",
                TokenCounts.of(inputTokens, 1000), Attribution.of(null, null, null, null), null, Instant.now(), null, null, false,
                UsageSource.GATEWAY, new CallChannel("chat_completions", connection))));
    }
}
