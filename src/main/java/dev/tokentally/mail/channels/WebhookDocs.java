package dev.tokentally.mail.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The OpenAPI document's {@code webhooks}: each event a webhook channel receives, its JSON body and the signature
 * header. The {@code data} schemas are JSON files under {@code webhooks/} on the classpath; the envelope around them
 * is the one {@link ChannelMessages} writes.
 */
@Component
class WebhookDocs implements OpenApiCustomizer {

    /** Schemas the event schemas refer to, as {@code #/components/schemas/<name>}. */
    private static final List<String> SHARED = List.of("WebhookDecimal", "BudgetAlertData");

    static final String SIGNATURE = "t=<unix seconds>,v1=<hex HMAC-SHA256 with the channel's secret over \"<t>.<raw body>\">. "
            + "Recompute it over the raw body, compare in constant time and refuse a t older than five minutes (a replay).";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        SHARED.forEach(name -> openApi.getComponents().addSchemas(name, read("webhooks/components/" + name + ".json")));
        for (ChannelEvent event : ChannelEvent.values()) {
            openApi.addWebhooks(event.type(), new PathItem().post(operation(event)));
        }
    }

    private static Operation operation(ChannelEvent event) {
        Schema<?> data = read("webhooks/" + event.type() + ".json");
        Schema<?> body = new JsonSchema().types(Set.of("object"))
                .required(List.of("id", "type", "created_at", "data"))
                .addProperty("id", new JsonSchema().types(Set.of("string")).pattern("^evt_")
                        .description("Unique per event; a receiver drops a second delivery of the same id"))
                .addProperty("type", new JsonSchema()._const(event.type()))
                .addProperty("created_at", new JsonSchema().types(Set.of("string")).format("date-time"))
                .addProperty("data", data);
        return new Operation().operationId(event.type().replace('.', '_')).summary(event.label()).description(data.getDescription()
                        + " Delivered by POST to every webhook channel of the organization that chose the event (Slack and "
                        + "Teams channels get it as a short message), retried with a growing pause until the receiver answers 2xx.")
                .addParametersItem(new HeaderParameter().name(WebhookSignature.HEADER).required(true).description(SIGNATURE)
                        .schema(new JsonSchema().types(Set.of("string")).pattern("^t=[0-9]+,v1=[0-9a-f]{64}$")))
                .requestBody(new RequestBody().required(true)
                        .content(new Content().addMediaType("application/json", new MediaType().schema(body))))
                .responses(new ApiResponses()
                        .addApiResponse("2XX", new ApiResponse().description("Taken; never sent again"))
                        .addApiResponse("default", new ApiResponse().description("Not taken; sent again later")));
    }

    private static Schema<?> read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return Json31.mapper().readValue(in, Schema.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
