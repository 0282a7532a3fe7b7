package dev.tokentally.gateway.ui;

import java.util.List;

import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tokentally.base.Roles;
import dev.tokentally.gateway.GatewayGuide;
import jakarta.annotation.security.RolesAllowed;

/**
 * How an application sends its model calls through Tokentally: the base URL and copy-paste snippets for curl and
 * the OpenAI and Anthropic SDKs, with a model the organization may use.
 */
@Route("gateway")
@PageTitle("Gateway")
@Menu(order = 28, icon = "vaadin:connect", title = "Gateway")
@RolesAllowed({Roles.ORG_ADMIN, Roles.MEMBER})
public class GatewayView extends VerticalLayout {

    final Paragraph address = new Paragraph();
    final Pre curl = new Pre();
    final Pre openAiPython = new Pre();
    final Pre openAiJavaScript = new Pre();
    final Pre anthropicPython = new Pre();

    GatewayView(GatewayGuide guide) {
        String base = guide.baseUrl();
        List<String> models = guide.modelNames();
        String openAiModel = models.contains("gpt-4o-mini") ? "gpt-4o-mini" : models.isEmpty() ? "demo-mini" : models.getFirst();
        String anthropicModel = models.stream().filter(name -> name.startsWith("claude")).findFirst().orElse("demo-mini");
        address.setText("Point your application's OpenAI client at " + base + "/v1 and its Anthropic client at " + base
                + ", with an organization API key (API keys) instead of the provider's. Every call is metered, held to "
                + "your budgets before the provider is called, and answered with x-tokentally-cost, x-tokentally-currency "
                + "and x-tokentally-event-id headers (a stream's as HTTP trailers after its last chunk, which the SDKs do not "
                + "read; the ledger has its cost under the stream's response id). Embeddings: POST " + base + "/v1/embeddings. "
                + "Models you may use: " + (models.isEmpty() ? "none yet" : String.join(", ", models)) + ".");
        curl.setText("""
                curl %s/v1/chat/completions \\
                  -H "Authorization: Bearer $TOKENTALLY_API_KEY" -H "Content-Type: application/json" \\
                  -d '{"model": "%s", "messages": [{"role": "user", "content": "Hello"}]}'

                curl %s/v1/messages \\
                  -H "x-api-key: $TOKENTALLY_API_KEY" -H "anthropic-version: 2023-06-01" -H "Content-Type: application/json" \\
                  -d '{"model": "%s", "max_tokens": 256, "messages": [{"role": "user", "content": "Hello"}]}'"""
                .formatted(base, openAiModel, base, anthropicModel));
        openAiPython.setText("""
                import os
                from openai import OpenAI

                client = OpenAI(base_url="%s/v1", api_key=os.environ["TOKENTALLY_API_KEY"])
                answer = client.chat.completions.create(model="%s", messages=[{"role": "user", "content": "Hello"}])"""
                .formatted(base, openAiModel));
        openAiJavaScript.setText("""
                import OpenAI from "openai";

                const client = new OpenAI({ baseURL: "%s/v1", apiKey: process.env.TOKENTALLY_API_KEY });
                const answer = await client.chat.completions.create({ model: "%s", messages: [{ role: "user", content: "Hello" }] });"""
                .formatted(base, openAiModel));
        anthropicPython.setText("""
                import os
                from anthropic import Anthropic

                client = Anthropic(base_url="%s", api_key=os.environ["TOKENTALLY_API_KEY"])
                message = client.messages.create(model="%s", max_tokens=256, messages=[{"role": "user", "content": "Hello"}])"""
                .formatted(base, anthropicModel));
        add(address, new H3("curl"), curl, new H3("OpenAI SDK (Python)"), openAiPython, new H3("OpenAI SDK (JavaScript)"),
                openAiJavaScript, new H3("Anthropic SDK (Python)"), anthropicPython);
    }
}
