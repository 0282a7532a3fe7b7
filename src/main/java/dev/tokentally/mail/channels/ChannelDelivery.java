package dev.tokentally.mail.channels;

import java.time.Instant;

/** A message to a channel in the outbox: waiting, sent, or failing with its last error. */
public record ChannelDelivery(long id, String channel, ChannelKind kind, String event, String summary, Instant createdAt,
                              int attempts, Instant nextAttemptAt, Instant sentAt, String lastError) {

    public String status() {
        if (sentAt != null) {
            return "Sent";
        }
        return attempts == 0 ? "Waiting" : "Retrying (" + attempts + " failed)";
    }
}
