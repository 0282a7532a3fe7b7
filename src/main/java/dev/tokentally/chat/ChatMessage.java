package dev.tokentally.chat;

import java.time.Instant;

import dev.tokentally.usage.UsageEvent;

/**
 * A question, an answer or a failed attempt in a thread. An answer carries the ledger event it was
 * billed as; a failed attempt and an answer the provider never reported usage for may have none.
 */
public record ChatMessage(long id, Role role, String content, Status status, String model, Instant createdAt,
                          UsageEvent usage) {

    public enum Role {
        USER, ASSISTANT, ERROR
    }

    public enum Status {
        COMPLETE, STOPPED, FAILED
    }

    ChatMessage withUsage(UsageEvent event) {
        return new ChatMessage(id, role, content, status, model, createdAt, event);
    }
}
