package dev.tokentally.usage;

import java.util.Optional;
import java.util.UUID;

import dev.tokentally.base.db.PostgresNotifications;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The one "usage recorded" signal, and how it reaches every instance. The choice: the application event
 * {@link OrganizationUsageRecorded} is the signal, published once per organization and recording transaction
 * ({@link LedgerWriter}); everything on the recording instance hears it after commit (the budget alerts, the live
 * views through this class). The notification on PostgreSQL channel {@value #CHANNEL} only forwards it to the other
 * instances: it is sent by the recording transaction's own write statement, so it leaves exactly when the
 * transaction commits and costs no round trip, and it names the instance that sent it, so that instance does not hear
 * its own recording twice. Budget alerts are checked by the recording instance only (and by the cluster-wide sweep);
 * the alert row makes each mail exactly-once in any case. A notification without an instance (a re-rating, which
 * publishes no recording) refreshes the live views of every instance.
 */
@Component
class UsageSignal {

    static final String CHANNEL = "usage_recorded";

    private final String instance = UUID.randomUUID().toString();
    private final LiveUsageBroadcaster broadcaster;

    UsageSignal(PostgresNotifications notifications, LiveUsageBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
        notifications.subscribe(CHANNEL, payload -> fromElsewhere(payload).ifPresent(broadcaster::changed), () -> {
        });
    }

    /** The payload that forwards a recording of the organization on this instance to the others. */
    String forwarded(long organizationId) {
        return organizationId + " " + instance;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void recordedHere(OrganizationUsageRecorded usage) {
        broadcaster.changed(usage.organizationId());
    }

    /** The organization a notification is about, unless this instance sent it (and heard its event already). */
    Optional<Long> fromElsewhere(String payload) {
        int space = payload.indexOf(' ');
        if (space < 0) {
            return Optional.of(Long.parseLong(payload));
        }
        return payload.substring(space + 1).equals(instance) ? Optional.empty()
                : Optional.of(Long.parseLong(payload.substring(0, space)));
    }
}
