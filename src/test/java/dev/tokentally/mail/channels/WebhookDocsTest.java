package dev.tokentally.mail.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentally.testsupport.TokentallyTest;
import dev.tokentally.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document's webhooks: the four events with their body schema and the signature header. Bodies that
 * were really delivered are checked against these schemas where each event is sent (BudgetChannelAlertsTest,
 * InvoiceIssuedWebhookTest, ProviderSyncTest).
 */
@TokentallyTest
class WebhookDocsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Test
    void the_openapi_document_lists_each_webhook_event_with_its_body_schema_and_signature_header() {
        JsonNode document = JSON.readTree(WebhookReceiver.apiDocs(port));

        assertThat(document.get("openapi").asString()).startsWith("3.1");
        JsonNode webhooks = document.get("webhooks");
        assertThat(webhooks.propertyNames()).containsExactlyInAnyOrder("budget.threshold_crossed", "budget.forecast_exceeds",
                "invoice.issued", "reconciliation.mismatch", "wallet.low_balance");
        for (ChannelEvent event : ChannelEvent.values()) {
            JsonNode post = webhooks.get(event.type()).get("post");
            JsonNode header = post.get("parameters").get(0);
            assertThat(header.get("in").asString()).isEqualTo("header");
            assertThat(header.get("name").asString()).isEqualTo(WebhookSignature.HEADER);
            assertThat(header.get("required").asBoolean()).isTrue();
            assertThat(header.get("description").asString()).contains("HMAC-SHA256", "<t>.<raw body>");
            JsonNode body = post.get("requestBody").get("content").get("application/json").get("schema");
            assertThat(body.get("required").toString()).contains("id", "type", "created_at", "data");
            assertThat(body.get("properties").get("type").get("const").asString()).isEqualTo(event.type());
            assertThat(body.get("properties").get("data").isObject()).isTrue();
        }
        assertThat(document.get("components").get("schemas").has("BudgetAlertData")).isTrue();
    }

    @Test
    void the_schema_check_refuses_a_body_that_breaks_its_event_schema() {
        ObjectNode event = (ObjectNode) JSON.readTree("""
                {"id": "evt_1", "type": "invoice.issued", "created_at": "2026-11-20T10:00:00Z",
                 "data": {"organization": "Acme Corp", "invoices_url": "https://tokentally.example/invoices",
                   "invoice": {"id": 7, "number": "ACME-2026-0001", "kind": "invoice", "period_start": "2026-11-01",
                     "period_end": "2026-11-30", "thread_title": null, "issue_date": "2026-11-20", "due_date": "2026-12-04",
                     "currency": "EUR", "subtotal": "0.50", "tax": "0.10", "total": "0.60", "credits_invoice_id": null}}}""");
        assertThat(WebhookReceiver.matchesDocumentedSchema(port, event).isExactMatch()).isTrue();

        // Money as a number (a float to a receiver), as the decimal component forbids.
        ((ObjectNode) event.get("data").get("invoice")).put("total", 0.6);
        assertThat(WebhookReceiver.matchesDocumentedSchema(port, event).isExactMatch()).isFalse();
        ((ObjectNode) event.get("data").get("invoice")).put("total", "0.60");
        ((ObjectNode) event.get("data")).remove("invoice");
        assertThat(WebhookReceiver.matchesDocumentedSchema(port, event).isExactMatch()).isFalse();
    }
}
