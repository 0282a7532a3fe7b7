package dev.tokentally.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.tokentally.models.ChatModelChoice;
import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.requests.LoggedRequest;
import dev.tokentally.requests.RequestLog;
import dev.tokentally.usage.UsageEvent;
import org.springframework.stereotype.Component;

/**
 * A member's chat call in the request log, as a gateway call would be: 200 for an answer, 429 for a budget's refusal,
 * 403 for a model no longer allowed, 502 for a provider's failure, 499 for an answer stopped before it began.
 */
@Component
class ChatCallLog {

    /** The wire format the ledger records member chat calls under. */
    private static final String MEMBER_CHAT = "member_chat";

    /** One call's clock: when it started, and when its first token came. */
    final class Timer {

        private final Instant startedAt = clock.instant();
        private final long startNanos = System.nanoTime();
        private volatile long firstTokenNanos;

        void token() {
            if (firstTokenNanos == 0) {
                firstTokenNanos = System.nanoTime();
            }
        }

        void log(ChatThread thread, ChatModelChoice model, LoggedRequest.Outcome outcome, UsageEvent event) {
            long now = System.nanoTime();
            requests.add(new LoggedRequest(null, startedAt, thread.organizationId(),
                    new LoggedRequest.Caller(null, thread.userId(), thread.agentName()),
                    new LoggedRequest.Route(model.name(), model.provider().code(), MEMBER_CHAT, "chat"), outcome,
                    new LoggedRequest.Timing(millis(now), firstTokenNanos == 0 ? null : millis(firstTokenNanos), true),
                    event == null ? TokenCounts.of(0, 0) : event.tokens(),
                    event == null ? LoggedRequest.Billing.NONE
                            : new LoggedRequest.Billing(event.id(), event.cost().billedCost(), event.cost().billedCurrency()),
                    false, List.of(), null));
        }

        /** Rounded up: a call that took any time took at least a millisecond. */
        private long millis(long nanos) {
            return Math.ceilDiv(Math.max(0, nanos - startNanos), 1_000_000L);
        }
    }

    private final RequestLog requests;
    private final Clock clock;

    ChatCallLog(RequestLog requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    Timer start() {
        return new Timer();
    }
}
