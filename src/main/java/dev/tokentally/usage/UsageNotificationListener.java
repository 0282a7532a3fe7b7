package dev.tokentally.usage;

import dev.tokentally.base.db.PostgresNotifications;
import org.springframework.stereotype.Component;

/**
 * Hears PostgreSQL channel {@code usage_recorded}, which every usage transaction notifies on commit, and
 * hands each organization id to the {@link LiveUsageBroadcaster}, on whichever instance recorded it.
 */
@Component
class UsageNotificationListener {

    static final String CHANNEL = "usage_recorded";

    UsageNotificationListener(PostgresNotifications notifications, LiveUsageBroadcaster broadcaster) {
        notifications.subscribe(CHANNEL, payload -> broadcaster.changed(Long.parseLong(payload)), () -> {
        });
    }
}
