package dev.tokentally.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tokentally.testsupport.TokentallyTest;
import org.junit.jupiter.api.Test;

/** Tags sent with gateway calls (x-tokentally-tags, OpenAI's metadata) are kept with the event, or refuse the call. */
@TokentallyTest
class GatewayTagsTest extends GatewayTestSupport {

    @Test
    void header_and_metadata_tags_are_recorded_with_the_event_and_in_the_request_log_the_header_winning_per_key() throws Exception {
        providerAnswersWithItsFullLimit();

        HttpResponse<String> response = post("/v1/chat/completions", Map.of("Authorization", "Bearer " + acmeKey,
                "x-tokentally-tags", "project=atlas, env=prod"), """
                {"model":"gpt-4o-mini","metadata":{"project":"borealis","feature":"summaries"},
                 "messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        String eventId = response.headers().firstValue("x-tokentally-event-id").orElseThrow();
        assertThat(parse(jdbc.sql("select tags::text from usage_event where id = ?::uuid").param(eventId)
                .query(String.class).single()))
                .isEqualTo(parse("{\"env\":\"prod\",\"feature\":\"summaries\",\"project\":\"atlas\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !loggedTags().isEmpty());
        assertThat(loggedTags()).containsExactly("env=prod", "feature=summaries", "project=atlas");
    }

    @Test
    void an_untagged_call_is_recorded_without_tags() throws Exception {
        providerAnswersWithItsFullLimit();

        HttpResponse<String> response = chat("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from usage_event where tags is not null").query(Integer.class).single()).isZero();
    }

    @Test
    void malformed_tags_are_refused_with_400_naming_the_problem_before_the_provider_is_called() throws Exception {
        providerAnswersWithItsFullLimit();
        String call = """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""";
        Map<String, String> refusals = Map.of(
                "project=atlas,project=borealis", "given twice",
                "project", "is not key=value",
                "pro ject=atlas", "Tag key 'pro ject' is not valid",
                "project=at las", "The value of tag 'project' is not valid",
                "a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8,i=9,j=10,k=11", "At most 10 tags");

        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> response = post("/v1/chat/completions", Map.of("Authorization", "Bearer " + acmeKey,
                    "x-tokentally-tags", refusal.getKey()), call);
            assertThat(response.statusCode()).as(refusal.getKey()).isEqualTo(400);
            assertThat(parse(response.body()).path("error").path("message").asString()).as(refusal.getKey())
                    .startsWith("x-tokentally-tags: ").contains(refusal.getValue());
        }
        HttpResponse<String> badMetadata = chat("""
                {"model":"gpt-4o-mini","metadata":{"project":"two words"},"messages":[{"role":"user","content":"Hello"}]}""");
        assertThat(badMetadata.statusCode()).isEqualTo(400);
        assertThat(parse(badMetadata.body()).path("error").path("message").asString())
                .contains("metadata is recorded as tags", "tag 'project'");

        assertThat(fakes.server.getAllServeEvents()).isEmpty();
        assertThat(gatewayEvents()).isZero();
    }

    private List<String> loggedTags() {
        return jdbc.sql("select unnest(tags) from request_log where organization_id = ? order by 1")
                .param(organization("acme")).query(String.class).list();
    }
}
