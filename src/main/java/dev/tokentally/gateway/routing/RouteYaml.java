package dev.tokentally.gateway.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Routes as code: the {@code routes:} document the routes file, the export and the import share (JSON is YAML too, so
 * the API takes either). Reading is bounded (size, aliases, number of routes and targets) and refuses a document
 * whole, with the route and field that are wrong, before anything is changed.
 */
final class RouteYaml {

    static final int MAX_CHARS = 1_000_000;
    static final int MAX_ROUTES = 500;
    private static final Set<String> ROUTE_FIELDS = Set.of("name", "organization", "strategy", "retries", "cache", "targets",
            "fallback", "downgrade", "content_policy_fallback");

    private RouteYaml() {
    }

    /** @throws IllegalArgumentException naming the route and what is wrong with it */
    static List<Route> read(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The routes document is empty: write 'routes:' followed by a list of routes.");
        }
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("The routes document is longer than " + MAX_CHARS + " characters.");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_CHARS);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(options)).load(text);
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException("The routes document is not valid YAML: " + firstLine(malformed.getMessage()));
        }
        if (!(document instanceof Map<?, ?> root) || !root.keySet().equals(Set.of("routes")) || !(root.get("routes") instanceof List<?> list)) {
            throw new IllegalArgumentException("The routes document must hold one key, 'routes', with a list of routes.");
        }
        if (list.size() > MAX_ROUTES) {
            throw new IllegalArgumentException("At most " + MAX_ROUTES + " routes, not " + list.size() + ".");
        }
        List<Route> routes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Route route = route(list.get(i), "route " + (i + 1));
            if (!seen.add(route.organization() + "\u0000" + route.name())) {
                throw new IllegalArgumentException("Route '" + route.name() + "' is defined twice.");
            }
            routes.add(route);
        }
        return routes;
    }

    private static Route route(Object item, String where) {
        Map<?, ?> fields = map(item, where);
        String name = text(fields.get("name"), where + ": name", Route.NAME_LENGTH);
        where = "route '" + name + "'";
        for (Object key : fields.keySet()) {
            if (!ROUTE_FIELDS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + ": unknown field '" + key + "'; the fields are " + ROUTE_FIELDS.stream().sorted().toList() + ".");
            }
        }
        String organization = fields.get("organization") == null ? null : text(fields.get("organization"), where + ": organization", 100);
        Route.Strategy strategy = fields.get("strategy") == null ? Route.Strategy.WEIGHTED
                : Route.Strategy.of(text(fields.get("strategy"), where + ": strategy", 20));
        int retries = fields.get("retries") == null ? 1 : number(fields.get("retries"), where + ": retries", 0, Route.MAX_RETRIES);
        Duration ttl = null;
        if (fields.get("cache") != null) {
            Map<?, ?> cache = map(fields.get("cache"), where + ": cache");
            ttl = Duration.ofSeconds(number(cache.get("ttl"), where + ": cache.ttl (seconds)", 1, (int) Route.LONGEST_CACHE_TTL.toSeconds()));
        }
        if (!(fields.get("targets") instanceof List<?> targetList) || targetList.isEmpty()) {
            throw new IllegalArgumentException(where + ": targets must list at least one { model, weight }.");
        }
        if (targetList.size() > Route.MAX_TARGETS) {
            throw new IllegalArgumentException(where + ": at most " + Route.MAX_TARGETS + " targets.");
        }
        List<Route.Target> targets = new ArrayList<>();
        for (Object target : targetList) {
            Map<?, ?> targetFields = map(target, where + ": a target");
            targets.add(new Route.Target(text(targetFields.get("model"), where + ": a target's model", Route.MODEL_LENGTH),
                    targetFields.get("weight") == null ? 1 : number(targetFields.get("weight"), where + ": weight", 1, 1000)));
        }
        List<String> fallback = new ArrayList<>();
        if (fields.get("fallback") != null) {
            if (!(fields.get("fallback") instanceof List<?> fallbackList) || fallbackList.size() > Route.MAX_TARGETS) {
                throw new IllegalArgumentException(where + ": fallback must be a list of at most " + Route.MAX_TARGETS + " models.");
            }
            for (Object model : fallbackList) {
                fallback.add(text(model, where + ": a fallback", Route.MODEL_LENGTH));
            }
        }
        Route.Downgrade downgrade = null;
        if (fields.get("downgrade") != null) {
            Map<?, ?> down = map(fields.get("downgrade"), where + ": downgrade");
            downgrade = new Route.Downgrade(number(down.get("above_percent"), where + ": downgrade.above_percent", 1, 100),
                    text(down.get("to"), where + ": downgrade.to", Route.MODEL_LENGTH));
        }
        Object policy = fields.get("content_policy_fallback");
        if (policy != null && !(policy instanceof Boolean)) {
            throw new IllegalArgumentException(where + ": content_policy_fallback must be true or false.");
        }
        return new Route(name, organization, strategy, retries, ttl, targets, fallback, downgrade, Boolean.TRUE.equals(policy), false);
    }

    /** The routes as a {@code routes:} document that {@link #read} reads back. */
    static String write(List<Route> routes) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return new Yaml(new Representer(options), options).dump(Map.of("routes", routes.stream().map(RouteYaml::fields).toList()));
    }

    /** A route as the document's fields, in the order the issue writes them. */
    static Map<String, Object> fields(Route route) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", route.name());
        if (route.organization() != null) {
            fields.put("organization", route.organization());
        }
        fields.put("strategy", route.strategy().code());
        fields.put("retries", route.retries());
        if (route.cacheTtl() != null) {
            fields.put("cache", Map.of("ttl", route.cacheTtl().toSeconds()));
        }
        fields.put("targets", route.targets().stream().map(target -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("model", target.model());
            one.put("weight", target.weight());
            return one;
        }).toList());
        if (!route.fallback().isEmpty()) {
            fields.put("fallback", route.fallback());
        }
        if (route.downgrade() != null) {
            Map<String, Object> down = new LinkedHashMap<>();
            down.put("above_percent", route.downgrade().abovePercent());
            down.put("to", route.downgrade().to());
            fields.put("downgrade", down);
        }
        if (route.contentPolicyFallback()) {
            fields.put("content_policy_fallback", true);
        }
        return fields;
    }

    private static Map<?, ?> map(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " must be a mapping of fields.");
        }
        return map;
    }

    private static String text(Object value, String where, int maxLength) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(where + " is required (text).");
        }
        if (text.length() > maxLength) {
            throw new IllegalArgumentException(where + " is longer than " + maxLength + " characters.");
        }
        return text.trim();
    }

    private static int number(Object value, String where, int min, int max) {
        if (!(value instanceof Integer number) || number < min || number > max) {
            throw new IllegalArgumentException(where + " must be a whole number from " + min + " to " + max + ", not " + value + ".");
        }
        return number;
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
