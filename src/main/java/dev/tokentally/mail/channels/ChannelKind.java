package dev.tokentally.mail.channels;

/** Where an alert channel posts: each kind wants its own message shape. */
public enum ChannelKind {
    SLACK("Slack"), TEAMS("Microsoft Teams"), WEBHOOK("Signed webhook");

    private final String label;

    ChannelKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
