package dev.tokentally.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;

import dev.tokentally.apikeys.ApiKeySettings;
import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.base.NotFoundException;
import dev.tokentally.testsupport.Fixtures;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Routes as organization admins, platform admins, the routes file and the REST API keep them (issue 27). */
@TokentallyTest
class GatewayRoutesTest {

    static final String CHAT_DEFAULT = """
            routes:
              - name: chat-default
                strategy: weighted
                retries: 2
                cache: { ttl: 3600 }
                targets:
                  - { model: openai/gpt-4o-mini, weight: 3 }
                  - { model: anthropic/claude-sonnet-4-5, weight: 1 }
                fallback: [ anthropic/claude-sonnet-4-5 ]
                downgrade: { above_percent: 80, to: openai/gpt-4o-mini }
            """;

    @Autowired
    GatewayRoutes routes;
    @Autowired
    RouteBook book;
    @Autowired
    RoutesFile routesFile;
    @Autowired
    Fixtures fixtures;
    @Autowired
    UserDetailsService users;
    @Autowired
    ApiKeys apiKeys;
    @Value("${local.server.port}")
    int port;
    @TempDir
    Path folder;

    @AfterEach
    void noRoutesFile() {
        routesFile.use(null);
    }

    <T> T asAcmeAdmin(Supplier<T> action) {
        return RunAs.user(users, "admin@acme.test", action);
    }

    long acme() {
        return fixtures.organization("acme");
    }

    @Test
    void an_imported_route_keeps_every_field_and_exports_back_as_it_was() {
        asAcmeAdmin(() -> routes.importYaml(acme(), CHAT_DEFAULT));

        Route route = book.find(acme(), "chat-default").orElseThrow();
        assertThat(route.strategy()).isEqualTo(Route.Strategy.WEIGHTED);
        assertThat(route.retries()).isEqualTo(2);
        assertThat(route.cacheTtl()).hasHours(1);
        assertThat(route.targets()).containsExactly(new Route.Target("openai/gpt-4o-mini", 3),
                new Route.Target("anthropic/claude-sonnet-4-5", 1));
        assertThat(route.fallback()).containsExactly("anthropic/claude-sonnet-4-5");
        assertThat(route.downgrade()).isEqualTo(new Route.Downgrade(80, "openai/gpt-4o-mini"));
        String exported = asAcmeAdmin(() -> routes.exportYaml(acme()));
        asAcmeAdmin(() -> routes.importYaml(acme(), exported));
        assertThat(asAcmeAdmin(() -> routes.exportYaml(acme()))).isEqualTo(exported).contains("organization: acme", "above_percent: 80");
    }

    @Test
    void an_import_with_one_bad_route_is_refused_whole_with_a_clear_message_and_changes_nothing() {
        asAcmeAdmin(() -> routes.importYaml(acme(), CHAT_DEFAULT));
        String good = "  - name: chat-new\n    targets: [ { model: openai/gpt-4o-mini } ]\n";

        assertThatThrownBy(() -> asAcmeAdmin(() -> routes.importYaml(acme(), "routes:\n" + good
                + "  - name: chat-bad\n    strategy: fastest\n    targets: [ { model: openai/gpt-4o-mini } ]\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown strategy 'fastest'");
        assertThatThrownBy(() -> asAcmeAdmin(() -> routes.importYaml(acme(), "routes:\n" + good
                + "  - name: chat-bad\n    targets: [ { model: openai/gpt-4o-mini, weight: 0 } ]\n")))
                .hasMessageContaining("route 'chat-bad': weight must be a whole number from 1");
        assertThatThrownBy(() -> asAcmeAdmin(() -> routes.importYaml(acme(), "routes:\n" + good
                + "  - name: chat-bad\n    targets: [ { model: openai/gpt-9-imaginary } ]\n")))
                .hasMessageContaining("Route 'chat-bad'").hasMessageContaining("'openai/gpt-9-imaginary' does not exist");
        assertThatThrownBy(() -> asAcmeAdmin(() -> routes.importYaml(acme(), "routes:\n" + good
                + "  - name: chat-bad\n    retries: 9\n    targets: [ { model: openai/gpt-4o-mini } ]\n")))
                .hasMessageContaining("retries must be a whole number from 0 to 5");
        assertThatThrownBy(() -> asAcmeAdmin(() -> routes.importYaml(acme(), "routes:\n" + good + "  - name: chat-bad\n    targets: []\n")))
                .hasMessageContaining("targets must list at least one");
        assertThatThrownBy(() -> asAcmeAdmin(() -> routes.importYaml(acme(), "routes: [ { name: " + "x".repeat(101)
                + ", targets: [ { model: openai/gpt-4o-mini } ] } ]")))
                .hasMessageContaining("longer than 100 characters");
        assertThatThrownBy(() -> asAcmeAdmin(() -> routes.importYaml(acme(), "routes:\n  - name: [unclosed")))
                .hasMessageContaining("not valid YAML");

        assertThat(asAcmeAdmin(() -> routes.list(acme()))).extracting(Route::name).containsExactly("chat-default");
    }

    @Test
    void an_organizations_route_is_its_own_and_wins_over_the_platforms() {
        long initech = fixtures.organization("initech");
        asAcmeAdmin(() -> routes.importYaml(acme(), CHAT_DEFAULT));
        RunAs.user(users, "root@tokentally.test", () -> {
            routes.savePlatform(GatewayRoutes.fromYaml("routes: [ { name: chat-default, targets: [ { model: anthropic/claude-sonnet-4-5 } ] } ]"));
            return null;
        });

        assertThat(book.find(acme(), "chat-default").orElseThrow().targets()).hasSize(2);
        assertThat(book.find(initech, "chat-default").orElseThrow().targets()).extracting(Route.Target::model)
                .containsExactly("anthropic/claude-sonnet-4-5");
        assertThat(book.find(initech, "gpt-4o-mini")).isEmpty();
        assertThatThrownBy(() -> asAcmeAdmin(() -> routes.list(initech))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> asAcmeAdmin(() -> routes.listPlatform()))
                .isInstanceOf(org.springframework.security.authorization.AuthorizationDeniedException.class);
    }

    @Test
    void the_routes_file_is_read_and_read_again_when_it_changes_and_its_routes_cannot_be_changed_here() throws Exception {
        Path file = folder.resolve("routes.yaml");
        Files.writeString(file, "routes:\n  - name: file-chat\n    organization: acme\n    targets: [ { model: openai/gpt-4o-mini } ]\n");

        routesFile.use(file);

        assertThat(book.find(acme(), "file-chat").orElseThrow().fromFile()).isTrue();
        assertThat(asAcmeAdmin(() -> routes.list(acme()))).extracting(Route::name).containsExactly("file-chat");
        assertThatThrownBy(() -> asAcmeAdmin(() -> {
            routes.save(acme(), GatewayRoutes.fromYaml("routes: [ { name: file-chat, targets: [ { model: openai/gpt-4o-mini } ] } ]"));
            return null;
        })).hasMessageContaining("defined in the routes file");

        Files.writeString(file, "routes:\n  - name: file-chat\n    organization: acme\n    strategy: lowest-cost\n"
                + "    targets: [ { model: openai/gpt-4o-mini }, { model: anthropic/claude-sonnet-4-5 } ]\n");
        routesFile.check();
        assertThat(book.find(acme(), "file-chat").orElseThrow().strategy()).isEqualTo(Route.Strategy.LOWEST_COST);

        Files.writeString(file, "routes:\n  - name: file-chat\n    organization: no-such-organization\n"
                + "    targets: [ { model: openai/gpt-4o-mini } ]\n");
        routesFile.check();
        assertThat(book.find(acme(), "file-chat").orElseThrow().strategy()).as("a bad file changes nothing")
                .isEqualTo(Route.Strategy.LOWEST_COST);
    }

    @Test
    void the_api_reads_the_routes_as_yaml_and_replaces_them_only_with_the_billing_scope() throws Exception {
        Fixtures.Key key = fixtures.apiKey("acme");
        asAcmeAdmin(() -> routes.importYaml(acme(), CHAT_DEFAULT));
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://localhost:" + port + "/api/v1/gateway/routes");
        String json = "{\"routes\":[{\"name\":\"chat-json\",\"targets\":[{\"model\":\"openai/gpt-4o-mini\",\"weight\":2}]}]}";

        HttpResponse<String> yaml = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key.secret())
                .header("Accept", "application/yaml").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> withoutBilling = http.send(put(uri, key, json), HttpResponse.BodyHandlers.ofString());
        asAcmeAdmin(() -> {
            apiKeys.updateSettings(key.id(), new ApiKeySettings(Set.of(ApiKeySettings.INGEST, ApiKeySettings.BILLING), null, null, null,
                    null, null));
            return null;
        });
        HttpResponse<String> bad = http.send(put(uri, key, json.replace("\"weight\":2", "\"weight\":-1")),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> replaced = http.send(put(uri, key, json), HttpResponse.BodyHandlers.ofString());

        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("routes:").contains("name: chat-default", "ttl: 3600");
        assertThat(withoutBilling.statusCode()).isEqualTo(403);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("weight must be a whole number from 1");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.body()).contains("\"name\":\"chat-json\"", "\"weight\":2");
        assertThat(book.list(acme())).extracting(Route::name).containsExactly("chat-json");
    }

    private static HttpRequest put(URI uri, Fixtures.Key key, String json) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key.secret()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
