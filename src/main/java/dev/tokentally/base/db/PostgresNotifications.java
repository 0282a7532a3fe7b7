package dev.tokentally.base.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL {@code LISTEN} for the whole instance: one connection, one thread, every channel a module
 * subscribes to (before start-up ends). A notification is sent when its transaction commits, so what a
 * subscriber hears has happened on some instance. After a lost connection each subscriber is told it may
 * have missed notifications, then listening resumes.
 */
@Component
public class PostgresNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);

    private record Subscriber(Consumer<String> onPayload, Runnable onMissed) {
    }

    private final DataSource dataSource;
    private final Map<String, List<Subscriber>> channels = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    PostgresNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param onPayload called on the listening thread with each notification's payload
     * @param onMissed  called when notifications may have been lost (the connection dropped)
     */
    public void subscribe(String channel, Consumer<String> onPayload, Runnable onMissed) {
        channels.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(new Subscriber(onPayload, onMissed));
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("postgres-notifications").start(this::listen);
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
        boolean reconnecting = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : channels.keySet()) {
                        statement.execute("listen " + channel);
                    }
                }
                if (reconnecting) {
                    channels.values().forEach(subscribers -> subscribers.forEach(subscriber -> call(subscriber.onMissed())));
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            for (Subscriber subscriber : channels.getOrDefault(notification.getName(), List.of())) {
                                call(() -> subscriber.onPayload().accept(notification.getParameter()));
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException failed) {
                if (running) {
                    log.warn("Lost the PostgreSQL notification connection; reconnecting", failed);
                    reconnecting = true;
                    sleepBeforeRetry();
                }
            }
        }
    }

    private static void call(Runnable subscriber) {
        try {
            subscriber.run();
        } catch (RuntimeException failed) {
            log.warn("A notification subscriber failed", failed);
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
