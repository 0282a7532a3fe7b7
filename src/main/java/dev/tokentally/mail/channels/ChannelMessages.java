package dev.tokentally.mail.channels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/** A notice as each kind's JSON body: a Slack Block Kit message, a Teams Adaptive Card, or the webhook event. */
final class ChannelMessages {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Slack allows at most ten fields in a section. */
    private static final int SLACK_FIELDS = 10;

    private ChannelMessages() {
    }

    static String body(ChannelKind kind, Notice notice, Instant createdAt) {
        return JSON.writeValueAsString(switch (kind) {
            case SLACK -> slack(notice);
            case TEAMS -> teams(notice);
            case WEBHOOK -> webhook(notice, createdAt);
        });
    }

    private static Map<String, Object> slack(Notice notice) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", notice.title())));
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", slackEscape(notice.text()))));
        if (!notice.facts().isEmpty()) {
            blocks.add(Map.of("type", "section", "fields", notice.facts().stream().limit(SLACK_FIELDS)
                    .map(fact -> Map.of("type", "mrkdwn", "text", "*" + slackEscape(fact.name()) + "*\n" + slackEscape(fact.value())))
                    .toList()));
        }
        if (notice.link() != null) {
            blocks.add(Map.of("type", "actions", "elements", List.of(Map.of("type", "button",
                    "text", Map.of("type", "plain_text", "text", "Open in Tokentally"), "url", notice.link()))));
        }
        // "text" is what notifications and clients without blocks show.
        return Map.of("text", notice.title(), "blocks", blocks);
    }

    private static Map<String, Object> teams(Notice notice) {
        List<Object> body = new ArrayList<>();
        body.add(Map.of("type", "TextBlock", "text", notice.title(), "weight", "Bolder", "size", "Medium", "wrap", true));
        body.add(Map.of("type", "TextBlock", "text", notice.text(), "wrap", true));
        if (!notice.facts().isEmpty()) {
            body.add(Map.of("type", "FactSet", "facts", notice.facts().stream()
                    .map(fact -> Map.of("title", fact.name(), "value", fact.value())).toList()));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", body);
        if (notice.link() != null) {
            card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open in Tokentally", "url", notice.link())));
        }
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        return Map.of("type", "message", "attachments", List.of(attachment));
    }

    private static Map<String, Object> webhook(Notice notice, Instant createdAt) {
        Map<String, Object> event = new LinkedHashMap<>();
        // Receivers drop a second delivery of the same id (a retry after a lost answer).
        event.put("id", "evt_" + UUID.randomUUID());
        event.put("type", notice.event());
        event.put("created_at", createdAt.toString());
        event.put("data", notice.data());
        return event;
    }

    private static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
