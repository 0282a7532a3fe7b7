package dev.tokentally;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.tokentally.apikeys.ApiKeys;
import dev.tokentally.budgets.Budget;
import dev.tokentally.budgets.Budgets;
import dev.tokentally.credits.CreditHold;
import dev.tokentally.credits.GrantKind;
import dev.tokentally.credits.WalletMode;
import dev.tokentally.credits.WalletSettings;
import dev.tokentally.credits.Wallets;
import dev.tokentally.models.Tokenizer;
import dev.tokentally.pricing.PriceLookup;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.LiveUsageBroadcaster;
import dev.tokentally.usage.UsageRecorder;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;
import dev.tokentally.testsupport.RunAs;
import dev.tokentally.testsupport.WireMockFake;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two application instances on one database, as behind a load balancer: usage recorded through one
 * reaches the live views of the other, and a change made through one reaches the other's caches, through
 * PostgreSQL LISTEN/NOTIFY; and a hard budget or a prepaid balance holds for calls split across both.
 */
class TwoInstancesIT {

    /** A production instance needs a secret key; this one is for this test only. */
    private static final String TEST_SECRET_KEY = "c2VjcmV0LWtleS1mb3ItdHdvLWluc3RhbmNlcy10ZXM=";

    /** OpenAI for both instances: every answer a fresh id, after half a second, with a fixed usage. */
    @RegisterExtension
    static final WireMockFake openAi = new WireMockFake() {
    };

    @TempDir
    static Path workDirectory;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static long acme;

    @BeforeAll
    static void twoInstances() throws Exception {
        first = SpringApplication.run(TokentallyApplication.class,
                "--spring.datasource.url=", "--tokentally.demo=", "--tokentally.demo-history=false",
                "--tokentally.database.embedded-directory=" + workDirectory.resolve("postgres"),
                // One key for both, as a cluster shares it: each decrypts the provider keys the other sealed.
                "--tokentally.secret-key=" + TEST_SECRET_KEY,
                "--server.port=0", "--vaadin.devmode.devTools.enabled=false", openAiKey(), openAiUrl());
        int port = first.getBean(EmbeddedPostgres.class).getPort();
        second = SpringApplication.run(TokentallyApplication.class,
                "--spring.datasource.url=jdbc:postgresql://localhost:" + port + "/postgres",
                "--spring.datasource.username=postgres", "--tokentally.demo=false",
                "--tokentally.secret-key=" + TEST_SECRET_KEY,
                "--server.port=0", "--vaadin.devmode.devTools.enabled=false", openAiKey(), openAiUrl());
        acme = jdbc().sql("select id from organization where slug = 'acme'").query(Long.class).single();
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private static String openAiKey() {
        return "--tokentally.providers.openai.api-key=sk-two-instances";
    }

    private static String openAiUrl() {
        return "--tokentally.providers.openai.base-url=http://localhost:" + openAi.server.port() + "/v1";
    }

    private static JdbcClient jdbc() {
        return first.getBean(JdbcClient.class);
    }

    @Test
    void usage_recorded_on_one_instance_reaches_live_views_on_the_other() throws Exception {
        CountDownLatch heard = new CountDownLatch(1);
        second.getBean(LiveUsageBroadcaster.class).subscribe(acme, heard::countDown);

        first.getBean(UsageRecorder.class).record(acme, new ReportedCall("cross-instance", "openai", "gpt-4o-mini",
                TokenCounts.of(10, 10), Attribution.of(null, null, null, null), null, Instant.now(), null, null, false, UsageSource.API));

        assertThat(heard.await(5, TimeUnit.SECONDS)).as("the second instance heard of the usage").isTrue();
    }

    @Test
    void a_key_revoked_through_one_instance_is_refused_by_the_other_within_a_second() throws Exception {
        String secret = "tt_two_instances_key";
        jdbc().sql("insert into api_key (organization_id, name, prefix, secret_hash, created_by) values (?, 'k', 'tt_two_i', ?, 'test')")
                .params(acme, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))))
                .update();
        ApiKeys otherInstance = second.getBean(ApiKeys.class);
        assertThat(otherInstance.authenticate(secret)).as("known, and now in the other instance's cache").isPresent();

        jdbc().sql("update api_key set revoked_at = now() where prefix = 'tt_two_i'").update();

        await().atMost(Duration.ofSeconds(1)).until(() -> otherInstance.authenticate(secret).isEmpty());
    }

    @Test
    void a_new_price_added_through_one_instance_applies_on_the_other_within_a_second() {
        PriceLookup otherInstance = second.getBean(PriceLookup.class);
        Instant now = Instant.now();
        long before = otherInstance.model("openai", "gpt-4o-mini").orElseThrow().versionAt(now).id();

        long added = jdbc().sql("""
                        insert into model_price (model_id, effective_from, input, output, source, created_by)
                        select model_id, ?, 0.3, 1.2, 'MANUAL', 'test' from model_price where id = ? returning id""")
                .params(Timestamp.from(now.minusSeconds(1)), before).query(Long.class).single();

        await().atMost(Duration.ofSeconds(1))
                .until(() -> otherInstance.model("openai", "gpt-4o-mini").orElseThrow().versionAt(now).id() == added);
    }

    /** Each call asks for at most this many tokens, and the fake provider's answer uses them all. */
    private static final int MAX_TOKENS = 1000;
    private static final String PROMPT = "Write a long story";
    private static final String CALL = """
            {"model":"gpt-4o-mini","max_tokens":%d,"messages":[{"role":"user","content":"%s"}]}""".formatted(MAX_TOKENS, PROMPT);
    private static final int PROVIDER_DELAY_MILLIS = 500;
    private static final int CALLS = 100;
    private static final int ROOM_FOR = 40;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    /**
     * A call reserves its worst case (its prompt and all of max_tokens, priced) against the budget while holding the
     * budget's row lock, and its answer replaces the reservation by the real cost. The fake answers with the prompt's
     * exact token count and the whole max_tokens, so every call costs exactly what it reserved: settling frees
     * nothing, and however the 100 calls interleave on the two instances, exactly floor(room / cost) = 40 fit in a
     * room of 40.5 calls (the half call absorbs a few tokens' difference between the gateway's estimate and the
     * provider's count). A call that waited on the other instance's calls for their provider's answer would take at
     * least 40 × 500 ms = 20 s; every call must end within half of that.
     */
    @Test
    void a_hard_budget_holds_for_a_hundred_concurrent_calls_split_across_both_instances() throws Exception {
        providerAnswersWithItsWholeLimit();
        long globex = organization("globex");
        String key = newKey(globex);
        BigDecimal costOfOne = costOfOneCallOnEachInstance(key);
        Budget budget = hardMonthlyBudget(globex, "admin@globex.test", "Globex cluster limit", ROOM_FOR, costOfOne);

        Burst burst = burst(key);

        assertThat(burst.answered()).as("calls answered").isEqualTo(ROOM_FOR);
        assertThat(burst.refused()).hasSize(CALLS - ROOM_FOR).allSatisfy(refused ->
                assertThat(json.readTree(refused).path("error").path("code").asString()).isEqualTo("budget_exceeded"));
        BigDecimal spent = gatewaySpend(globex);
        assertThat(spent).as("the ledger's spend").isLessThanOrEqualTo(budget.getAmount())
                .isEqualByComparingTo(costOfOne.multiply(BigDecimal.valueOf(2 + ROOM_FOR)));
        assertThat(gatewayEvents(globex)).as("refused calls recorded nothing").isEqualTo(2 + ROOM_FOR);
        assertThat(openAi.server.getAllServeEvents()).as("refused calls never reached the provider").hasSize(2 + ROOM_FOR);
        assertThat(jdbc().sql("select count(*) from budget_reservation").query(Long.class).single()).as("holds let go").isZero();
        assertThat(burst.slowestMillis()).as("the slowest call, in ms").isLessThan(ROOM_FOR * PROVIDER_DELAY_MILLIS / 2);
    }

    /**
     * As above with room for 80 calls: each instance first takes a lease of about ten calls' worth (an eighth of what
     * nobody holds), admits calls from it without asking the database, and nearer the limit both hold calls one by one.
     * Whatever the interleaving, the spend never passes the limit. Fewer than 80 may be answered: what one instance's lease
     * still holds when its own calls are over is not the other's until that instance writes its lease again or gives it
     * back (idle for 30 s).
     */
    @Test
    void a_hard_budget_held_by_both_instances_leases_is_spent_to_its_last_call_never_past_it() throws Exception {
        providerAnswersWithItsWholeLimit();
        // Initech, invoiced afterwards here: the other tests count Globex's and Acme's calls.
        long initech = organization("initech");
        first.getBean(Wallets.class).configure(initech, new WalletSettings(WalletMode.POSTPAID, null, null, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> !second.getBean(CreditHold.class).holds(initech));
        String key = newKey(initech);
        BigDecimal costOfOne = costOfOneCallOnEachInstance(key);
        int roomFor = 80;
        Budget budget = hardMonthlyBudget(initech, "admin@initech.test", "Initech leased limit", roomFor, costOfOne);
        BigDecimal spentBefore = gatewaySpend(initech);
        long eventsBefore = gatewayEvents(initech);
        int providerCallsBefore = openAi.server.getAllServeEvents().size();

        Burst burst;
        try {
            burst = burst(key);
        } finally {
            // Its leases go with it, before another test counts the holds left.
            jdbc().sql("delete from budget where id = ?").param(budget.getId()).update();
        }

        BigDecimal spent = gatewaySpend(initech).subtract(spentBefore).add(costOfOne.multiply(BigDecimal.TWO));
        assertThat(burst.answered()).as("calls answered").isLessThanOrEqualTo(roomFor).isGreaterThan(roomFor / 2);
        assertThat(burst.refused()).hasSize(CALLS - (int) burst.answered()).allSatisfy(refused ->
                assertThat(json.readTree(refused).path("error").path("code").asString()).isEqualTo("budget_exceeded"));
        assertThat(spent).as("the ledger's spend").isLessThanOrEqualTo(budget.getAmount())
                .isEqualByComparingTo(costOfOne.multiply(BigDecimal.valueOf(2 + burst.answered())));
        assertThat(gatewayEvents(initech) - eventsBefore).as("refused calls recorded nothing").isEqualTo(burst.answered());
        assertThat(openAi.server.getAllServeEvents().size() - providerCallsBefore).as("refused calls never reached the provider")
                .isEqualTo(burst.answered());
        assertThat(burst.slowestMillis()).as("the slowest call, in ms").isLessThan(ROOM_FOR * PROVIDER_DELAY_MILLIS / 2);
    }

    /** As above, with a prepaid organization's balance instead of a budget: it never goes below zero. */
    @Test
    void a_prepaid_balance_holds_for_a_hundred_concurrent_calls_split_across_both_instances() throws Exception {
        providerAnswersWithItsWholeLimit();
        long acme = organization("acme");
        String key = newKey(acme);
        BigDecimal costOfOne = costOfOneCallOnEachInstance(key);
        Wallets wallets = first.getBean(Wallets.class);
        wallets.configure(acme, new WalletSettings(WalletMode.PREPAID, null, null, null));
        BigDecimal room = costOfOne.multiply(BigDecimal.valueOf(2 * ROOM_FOR + 1)).divide(BigDecimal.TWO)
                .setScale(6, RoundingMode.DOWN).subtract(wallets.summary(acme).balance().amount());
        wallets.grant(acme, GrantKind.FREE, room, null, 0, "room for forty", null, "two-instances-room");
        await().atMost(Duration.ofSeconds(5)).until(() -> second.getBean(CreditHold.class).holds(acme));

        Burst burst = burst(key);

        assertThat(burst.answered()).as("calls answered").isEqualTo(ROOM_FOR);
        assertThat(burst.refused()).hasSize(CALLS - ROOM_FOR).allSatisfy(refused ->
                assertThat(json.readTree(refused).path("error").path("code").asString()).isEqualTo("balance_exhausted"));
        BigDecimal balance = wallets.summary(acme).balance().amount();
        assertThat(balance).as("the balance left").isNotNegative().isLessThan(costOfOne);
        assertThat(jdbc().sql("select sum(amount) from wallet_entry where organization_id = ?").param(acme)
                .query(BigDecimal.class).single()).as("the wallet's entries").isEqualByComparingTo(balance);
        assertThat(jdbc().sql("select count(*) from wallet_entry where organization_id = ? and kind = 'CONSUMPTION'")
                .param(acme).query(Long.class).single()).isEqualTo(ROOM_FOR);
        assertThat(openAi.server.getAllServeEvents()).as("refused calls never reached the provider").hasSize(2 + ROOM_FOR);
        assertThat(jdbc().sql("select count(*) from wallet_reservation").query(Long.class).single()).as("holds let go").isZero();
        assertThat(burst.slowestMillis()).as("the slowest call, in ms").isLessThan(ROOM_FOR * PROVIDER_DELAY_MILLIS / 2);
    }

    /**
     * A hard monthly budget on the organization with room for {@code roomFor} more calls and a half, beside the two
     * measuring calls already spent this month; at the 6 decimals a budget holds. Saved through the second instance: the
     * one whose method security reads the security context RunAs sets.
     */
    private static Budget hardMonthlyBudget(long organization, String admin, String name, int roomFor, BigDecimal costOfOne) {
        return RunAs.user(second.getBean(UserDetailsService.class), admin, () -> {
            Budget limit = new Budget();
            limit.setName(name);
            limit.setScope(Budget.Scope.ORGANIZATION);
            limit.setPeriod(Budget.Period.MONTHLY);
            limit.setAmount(costOfOne.multiply(BigDecimal.valueOf(2 * 2 + 2 * roomFor + 1)).divide(BigDecimal.TWO)
                    .setScale(6, RoundingMode.DOWN));
            limit.setThresholds("100");
            limit.setEnforcement(Budget.Enforcement.HARD);
            return second.getBean(Budgets.class).save(organization, limit);
        });
    }

    /** OpenAI's answer, a fresh id each, counting the prompt as OpenAI does and using the whole max_tokens. */
    private static void providerAnswersWithItsWholeLimit() {
        int promptTokens = first.getBean(Tokenizer.class).countPrompt(List.of(PROMPT));
        openAi.server.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(PROVIDER_DELAY_MILLIS).withBody("""
                        {"id":"chatcmpl-{{randomValue type='UUID'}}","object":"chat.completion","created":1763856000,\
                        "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant",\
                        "content":"Once upon a time","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"length"}],\
                        "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d},"service_tier":"default"}"""
                        .formatted(promptTokens, MAX_TOKENS, promptTokens + MAX_TOKENS)).withTransformers("response-template")));
    }

    private static long organization(String slug) {
        return jdbc().sql("select id from organization where slug = ?").param(slug).query(Long.class).single();
    }

    /** Through the second instance, as the budget above. */
    private static String newKey(long organization) {
        return RunAs.user(second.getBean(UserDetailsService.class), "root@tokentally.test",
                () -> second.getBean(ApiKeys.class).create(organization, "two instances", null)).secret();
    }

    /** One call through each instance, before any limit: both bill the same, which every later call costs too. */
    private static BigDecimal costOfOneCallOnEachInstance(String key) {
        List<HttpResponse<String>> answers = List.of(first, second).stream().map(instance -> call(instance, key).join().response())
                .toList();
        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
        List<BigDecimal> costs = answers.stream()
                .map(answer -> new BigDecimal(answer.headers().firstValue("x-tokentally-cost").orElseThrow())).toList();
        assertThat(costs.getLast()).isEqualByComparingTo(costs.getFirst()).isPositive();
        return costs.getFirst();
    }

    /** The answer to one call and how long it took from sending to the last byte. */
    private record Timed(HttpResponse<String> response, long millis) {
    }

    private record Burst(List<Timed> calls) {

        long answered() {
            return calls.stream().filter(call -> call.response().statusCode() == 200).count();
        }

        List<String> refused() {
            return calls.stream().filter(call -> call.response().statusCode() == 429).map(call -> call.response().body()).toList();
        }

        long slowestMillis() {
            return calls.stream().mapToLong(Timed::millis).max().orElseThrow();
        }
    }

    /** {@value #CALLS} calls at once, every other one through the second instance. */
    private static Burst burst(String key) {
        List<CompletableFuture<Timed>> calls = IntStream.range(0, CALLS)
                .mapToObj(i -> call(i % 2 == 0 ? first : second, key)).toList();
        return new Burst(calls.stream().map(CompletableFuture::join).toList());
    }

    private static CompletableFuture<Timed> call(ConfigurableApplicationContext instance, String key) {
        int port = instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        long start = System.nanoTime();
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(CALL)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Timed(response, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
    }

    private static BigDecimal gatewaySpend(long organization) {
        return jdbc().sql("select coalesce(sum(billed_cost), 0) from usage_event where organization_id = ? and source = 'GATEWAY'")
                .param(organization).query(BigDecimal.class).single();
    }

    private static long gatewayEvents(long organization) {
        return jdbc().sql("select count(*) from usage_event where organization_id = ? and source = 'GATEWAY'")
                .param(organization).query(Long.class).single();
    }
}
