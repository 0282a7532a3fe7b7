package dev.tokentally.mail.channels;

import java.time.Instant;

/** An organization's alert channel as it may be shown: its URL and secret stay sealed and are never shown again. */
public record AlertChannel(long id, long organizationId, String name, ChannelKind kind, Instant createdAt) {

    public String label() {
        return name + " (" + kind.label() + ")";
    }
}
