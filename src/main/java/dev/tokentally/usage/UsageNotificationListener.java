package dev.tokentally.usage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL channel {@code usage_recorded}, which every usage transaction notifies on
 * commit, and hands each organization id to the {@link LiveUsageBroadcaster}. One connection per
 * application instance; reconnects after a failure.
 */
@Component
class UsageNotificationListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageNotificationListener.class);
    static final String CHANNEL = "usage_recorded";

    private final DataSource dataSource;
    private final LiveUsageBroadcaster broadcaster;
    private volatile boolean running;
    private Thread thread;

    UsageNotificationListener(DataSource dataSource, LiveUsageBroadcaster broadcaster) {
        this.dataSource = dataSource;
        this.broadcaster = broadcaster;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("usage-notifications").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            broadcaster.changed(Long.parseLong(notification.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException failed) {
                if (running) {
                    log.warn("Lost the usage notification connection; reconnecting", failed);
                    sleepBeforeRetry();
                }
            }
        }
    }

    private void sleepBeforeRetry() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
