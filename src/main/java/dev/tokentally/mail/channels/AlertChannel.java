package dev.tokentally.mail.channels;

import java.time.Instant;
import java.util.Set;

/**
 * An organization's alert channel as it may be shown: its URL and secret stay sealed and are never shown again.
 *
 * @param events the events it receives
 */
public record AlertChannel(long id, long organizationId, String name, ChannelKind kind, Set<ChannelEvent> events, Instant createdAt) {

    public String label() {
        return name + " (" + kind.label() + ")";
    }
}
