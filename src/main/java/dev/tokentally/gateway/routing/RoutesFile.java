package dev.tokentally.gateway.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The routes file named by {@code TOKENTALLY_GATEWAY_ROUTES_FILE}: read at start-up and again whenever it changes
 * (looked at on every instance, every {@link RoutingProperties#fileCheck()}). A file that is not valid as a whole changes
 * nothing: the routes read before stay, and the error is logged. Its routes are read-only in the application.
 */
@Component
@EnableConfigurationProperties(RoutingProperties.class)
class RoutesFile implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RoutesFile.class);

    private final RouteBook book;
    private final RoutingProperties properties;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("routes-file").daemon().factory());
    private volatile Path path;
    /** What the file was when last read: its modification time and size. */
    private volatile String seen;

    RoutesFile(RouteBook book, RoutingProperties properties) {
        this.book = book;
        this.properties = properties;
        this.path = properties.file() == null || properties.file().isBlank() ? null : Path.of(properties.file());
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        check();
        long every = properties.fileCheck().toMillis();
        watcher.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /** Reads the file again when it changed since it was last read. */
    synchronized void check() {
        Path current = path;
        if (current == null) {
            return;
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(current, BasicFileAttributes.class);
            String now = attributes.lastModifiedTime() + "/" + attributes.size();
            if (now.equals(seen)) {
                return;
            }
            seen = now;
            if (attributes.size() > RouteYaml.MAX_CHARS * 4L) {
                throw new IllegalArgumentException("The file is larger than " + RouteYaml.MAX_CHARS * 4L + " bytes.");
            }
            List<RouteBook.FileRoute> routes = book.checkedFileRoutes(RouteYaml.read(Files.readString(current, StandardCharsets.UTF_8)));
            book.useFileRoutes(routes);
            log.info("Read {} gateway routes from {}", routes.size(), current);
        } catch (IOException | RuntimeException notRead) {
            log.error("The gateway routes file {} was not read; the routes read before stay: {}", current, notRead.getMessage());
        }
    }

    /** Reads routes from this file from now on (null: none, and the file's routes go); for tests and operators. */
    synchronized void use(Path file) {
        if (!Objects.equals(file, path)) {
            path = file;
            seen = null;
            if (file == null) {
                book.useFileRoutes(List.of());
            }
        }
        check();
    }

    @Override
    public void destroy() {
        watcher.shutdownNow();
    }
}
