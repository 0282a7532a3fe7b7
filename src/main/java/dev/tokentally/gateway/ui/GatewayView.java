package dev.tokentally.gateway.ui;

import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import dev.tokentally.accounts.CurrentUser;
import dev.tokentally.accounts.Role;
import dev.tokentally.accounts.SignedInUser;
import dev.tokentally.base.Roles;
import dev.tokentally.base.ui.CopyButton;
import dev.tokentally.base.ui.PageHelp;
import dev.tokentally.gateway.GatewayGuide;
import dev.tokentally.gateway.routing.GatewayRoutes;
import dev.tokentally.organizations.OrganizationService;
import dev.tokentally.usage.ServedTotals;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * How an application sends its model calls through Tokentally: the base URL and copy-paste snippets for curl and
 * the OpenAI and Anthropic SDKs, with a model the organization may use, at the address the browser reached the page
 * at (or the configured public URL). Organization admins also manage the organization's routes here and see which
 * connection and model served the gateway's calls this month.
 */
@Route("gateway")
@PageTitle("Gateway")
@Menu(order = 28, icon = "vaadin:connect", title = "Gateway")
@RolesAllowed({Roles.ORG_ADMIN, Roles.MEMBER})
public class GatewayView extends VerticalLayout {

    final Paragraph address = new Paragraph();
    final Pre curl = new Pre();
    final Pre responses = new Pre();
    final Pre openAiPython = new Pre();
    final Pre openAiJavaScript = new Pre();
    final Pre anthropicPython = new Pre();
    /** An organization admin's; null for members. */
    RoutesSection routes;
    ServedGrid served;

    GatewayView(GatewayGuide guide, CurrentUser currentUser, GatewayRoutes gatewayRoutes, ServedTotals servedTotals,
                OrganizationService organizations) {
        String base = guide.baseUrl(browserAddress());
        List<String> models = guide.modelNames();
        String openAiModel = models.contains("gpt-4o-mini") ? "gpt-4o-mini" : models.isEmpty() ? "demo-mini" : models.getFirst();
        String anthropicModel = models.stream().filter(name -> name.startsWith("claude")).findFirst().orElse("demo-mini");
        address.setText("OpenAI clients: " + base + "/v1 · Anthropic clients: " + base + " · models you may use: "
                + (models.isEmpty() ? "none yet" : String.join(", ", models)));
        address.setId("gateway-address");
        curl.setText("""
                curl %s/v1/chat/completions \\
                  -H "Authorization: Bearer $TOKENTALLY_API_KEY" -H "Content-Type: application/json" \\
                  -d '{"model": "%s", "messages": [{"role": "user", "content": "Hello"}]}'

                curl %s/v1/messages \\
                  -H "x-api-key: $TOKENTALLY_API_KEY" -H "anthropic-version: 2023-06-01" -H "Content-Type: application/json" \\
                  -d '{"model": "%s", "max_tokens": 256, "messages": [{"role": "user", "content": "Hello"}]}'"""
                .formatted(base, openAiModel, base, anthropicModel));
        responses.setText("""
                curl %s/v1/responses \\
                  -H "Authorization: Bearer $TOKENTALLY_API_KEY" -H "Content-Type: application/json" \\
                  -d '{"model": "%s", "input": "Hello"}'"""
                .formatted(base, openAiModel));
        openAiPython.setText("""
                import os
                from openai import OpenAI

                client = OpenAI(base_url="%s/v1", api_key=os.environ["TOKENTALLY_API_KEY"])
                answer = client.chat.completions.create(model="%s", messages=[{"role": "user", "content": "Hello"}])
                response = client.responses.create(model="%s", input="Hello")"""
                .formatted(base, openAiModel, openAiModel));
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
        add(new PageHelp("Send your applications' model calls through Tokentally with an organization API key.",
                        "Every call is metered, held to your budgets before the provider is called, and answered with "
                                + "x-tokentally-cost, x-tokentally-currency and x-tokentally-event-id headers (a stream's as "
                                + "HTTP trailers after its last chunk, which the SDKs do not read; the ledger has its cost "
                                + "under the stream's response id). Embeddings: POST " + base + "/v1/embeddings."),
                address, snippet("curl", "curl", curl), snippet("Responses API (curl)", "responses", responses),
                snippet("OpenAI SDK (Python)", "openai-python", openAiPython),
                snippet("OpenAI SDK (JavaScript)", "openai-javascript", openAiJavaScript),
                snippet("Anthropic SDK (Python)", "anthropic-python", anthropicPython));
        SignedInUser me = currentUser.require();
        if (me.role() == Role.ORG_ADMIN) {
            routes = new RoutesSection(RouteStore.of(gatewayRoutes, me.organizationId()), models,
                    organizations.locale(me.organizationId()).name() + "'s", "tokentally-routes.yaml");
            served = new ServedGrid(servedTotals, me.organizationId());
            add(new H3("Routes"), routes, new H3("What served the gateway's calls this month"), served);
        }
        setWidthFull();
    }

    /** A snippet under its heading with a copy button; long lines scroll inside the box, never past the page's edge. */
    private static Component snippet(String title, String id, Pre code) {
        code.setId("snippet-" + id);
        code.getStyle().set("overflow-x", "auto").set("max-width", "100%").set("box-sizing", "border-box")
                .set("margin", "0");
        CopyButton copy = new CopyButton("the " + title + " snippet", code.getText());
        copy.setId("copy-" + id);
        HorizontalLayout heading = new HorizontalLayout(new H3(title), copy);
        heading.setAlignItems(FlexComponent.Alignment.BASELINE);
        Div box = new Div(heading, code);
        box.setWidthFull();
        box.getStyle().set("min-width", "0");
        return box;
    }

    /** The scheme, host and port the browser reached the page at (behind a proxy: as forwarded, when trusted). */
    private static String browserAddress() {
        return VaadinRequest.getCurrent() instanceof VaadinServletRequest request
                ? ServletUriComponentsBuilder.fromContextPath(request.getHttpServletRequest()).build().toUriString()
                : null;
    }
}
