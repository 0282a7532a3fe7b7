package dev.tokentally.models;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokentally.base.FieldRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.stereotype.Component;

/**
 * Named connections as code ({@link NamedConnections}): {@code TOKENTALLY_PROVIDERS_<NAME>_KIND=openai} adds the
 * connection {@code <name>} (lower case, underscores as hyphens: {@code OPENAI_EU} is {@code openai-eu}) at start-up
 * and enables it with {@code TOKENTALLY_PROVIDERS_<NAME>_API_KEY} and {@code _BASE_URL}, as the kind's own connection
 * takes them; or the properties {@code tokentally.providers.<name>.kind} / {@code .api-key} / {@code .base-url}. The
 * name is read from the variable's own name, so it is scanned rather than bound. Runs after the kinds' own connections.
 */
@Component
@Order(2)
class NamedConnectionsFromEnvironment implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(NamedConnectionsFromEnvironment.class);
    private static final Pattern VARIABLE = Pattern.compile("^TOKENTALLY_PROVIDERS_([A-Z0-9_]+)_KIND$");
    private static final Pattern PROPERTY = Pattern.compile("^tokentally\\.providers\\.([a-z0-9-]+)\\.kind$");

    /** One named connection as the environment gives it. */
    private record Named(String kind, String apiKey, String baseUrl) {
    }

    private final NamedConnections named;
    private final ConfigurableEnvironment environment;

    NamedConnectionsFromEnvironment(NamedConnections named, ConfigurableEnvironment environment) {
        this.named = named;
        this.environment = environment;
    }

    /** Each connection in its own transaction, so that one refused leaves the others configured. */
    @Override
    public void run(ApplicationArguments args) {
        apply(environment);
    }

    void apply(ConfigurableEnvironment from) {
        found(from).forEach((name, connection) -> {
            ProviderKind kind = ProviderKind.of(connection.kind().trim().toLowerCase(Locale.ROOT))
                    .filter(NamedConnections.KINDS::contains).orElse(null);
            boolean hasKey = connection.apiKey() != null && !connection.apiKey().isBlank();
            try {
                if (kind != null && kind.needsApiKey() && !hasKey) {
                    log.warn("Connection {} ({}) has no API key in the environment; left as it was", name, kind.displayName());
                    return;
                }
                named.configure(kind, name, connection.baseUrl(), connection.apiKey());
                log.info("Connection {} ({}) enabled from the environment", name, kind.displayName());
            } catch (IllegalArgumentException | FieldRejectedException refused) {
                log.error("Connection {} in the environment: {}; left as it was", name, refused.getMessage());
            }
        });
    }

    /** The named connections the environment gives, by name; the kinds' own and OpenAI-compatible servers are not among them. */
    private static Map<String, Named> found(ConfigurableEnvironment from) {
        Map<String, Named> found = new TreeMap<>();
        for (var source : from.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String key : enumerable.getPropertyNames()) {
                    Matcher variable = VARIABLE.matcher(key);
                    Matcher property = PROPERTY.matcher(key);
                    if (variable.matches()) {
                        String prefix = "TOKENTALLY_PROVIDERS_" + variable.group(1) + "_";
                        found.putIfAbsent(variable.group(1).toLowerCase(Locale.ROOT).replace('_', '-'), new Named(
                                from.getProperty(key), from.getProperty(prefix + "API_KEY"), from.getProperty(prefix + "BASE_URL")));
                    } else if (property.matches()) {
                        String prefix = "tokentally.providers." + property.group(1) + ".";
                        found.putIfAbsent(property.group(1), new Named(from.getProperty(key), from.getProperty(prefix + "api-key"),
                                from.getProperty(prefix + "base-url")));
                    }
                }
            }
        }
        return found;
    }
}
