package dev.tokentally.mail.channels;

import java.util.List;
import java.util.Map;

/**
 * What a channel is told, independent of its kind: a title and text for people (Slack, Teams), and the
 * event's name and data for machines (the webhook's JSON body).
 *
 * @param event such as {@code budget.threshold_crossed}
 * @param facts name and value pairs shown under the text, in order
 * @param data  the webhook event's {@code data} object
 */
public record Notice(String event, String title, String text, List<Fact> facts, String link, Map<String, Object> data) {

    public record Fact(String name, String value) {
    }
}
