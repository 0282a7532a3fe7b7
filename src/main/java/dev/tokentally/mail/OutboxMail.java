package dev.tokentally.mail;

import java.time.Instant;

/** A mail in the outbox: waiting, sent, or failing with its last error. */
public record OutboxMail(long id, Long organizationId, String recipients, String subject, String html, String plainText,
                         String attachmentName, Instant createdAt, int attempts, Instant nextAttemptAt, Instant sentAt,
                         String lastError) {

    public String status() {
        if (sentAt != null) {
            return "Sent";
        }
        return attempts == 0 ? "Waiting" : "Retrying (" + attempts + " failed)";
    }
}
