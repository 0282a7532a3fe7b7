package dev.tokentally.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tokentally.base.db.ReferenceCache;
import dev.tokentally.base.db.ReferenceChanges;
import dev.tokentally.organizations.OrganizationService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The routes: stored per organization or platform-wide, and those of the routes file, which win over a stored route of
 * the same name and scope and cannot be changed here. Every instance keeps them all in memory by name, dropped when the
 * table changes on any instance or the file is read again, so that a call whose model names no route costs one lookup.
 * Methods take the organization as given: callers check who may act for it ({@link GatewayRoutes}, the API's key);
 * only {@link #find}, the gateway's question, is public.
 */
@Component
public class RouteBook {

    static final String TABLE = "gateway_route";

    /** The routes of one name: per organization id, and the platform's (null: none). */
    private record Named(Map<Long, Route> byOrganization, Route platform) {

        Named with(Long organizationId, Route route) {
            Map<Long, Route> organizations = new HashMap<>(byOrganization);
            if (organizationId == null) {
                return new Named(organizations, route);
            }
            organizations.put(organizationId, route);
            return new Named(organizations, platform);
        }
    }

    /** A route of the file, with the id of the organization its slug names. */
    record FileRoute(Long organizationId, Route route) {
    }

    private final JdbcClient jdbc;
    private final ReferenceChanges references;
    private final ReferenceCache<Boolean, Map<String, Named>> byName;
    private final OrganizationService organizations;
    private final RouteTargets targets;
    private volatile List<FileRoute> fileRoutes = List.of();

    RouteBook(JdbcClient jdbc, ReferenceChanges references, OrganizationService organizations, RouteTargets targets) {
        this.jdbc = jdbc;
        this.references = references;
        this.byName = references.cache(1, TABLE);
        this.organizations = organizations;
        this.targets = targets;
    }

    /** The route a call's model names for the organization, else the platform's of that name. */
    public Optional<Route> find(long organizationId, String model) {
        Named named = byName.get(Boolean.TRUE, all -> load()).get(model);
        if (named == null) {
            return Optional.empty();
        }
        Route route = named.byOrganization().get(organizationId);
        return Optional.ofNullable(route != null ? route : named.platform());
    }

    /** The routes of the organization (null: the platform-wide ones), the file's included, by name. */
    List<Route> list(Long organizationId) {
        List<Route> routes = new ArrayList<>();
        byName.get(Boolean.TRUE, all -> load()).values().forEach(named -> {
            Route route = organizationId == null ? named.platform() : named.byOrganization().get(organizationId);
            if (route != null) {
                routes.add(route);
            }
        });
        routes.sort(Comparator.comparing(Route::name));
        return routes;
    }

    /** @throws IllegalArgumentException when the route is not valid, or the routes file defines it */
    void save(Long organizationId, Route route) {
        Route checked = checked(organizationId, route);
        jdbc.sql("""
                        insert into gateway_route (organization_id, name, definition) values (?, ?, ?)
                        on conflict ((coalesce(organization_id, 0)), name) do update set definition = excluded.definition, updated_at = now()""")
                .params(organizationId, checked.name(), RouteYaml.write(List.of(checked))).update();
        references.changed(TABLE);
    }

    /** @return whether a stored route was deleted; @throws IllegalArgumentException for a route of the routes file */
    boolean delete(Long organizationId, String name) {
        refuseFileRoute(organizationId, name);
        int deleted = jdbc.sql("delete from gateway_route where coalesce(organization_id, 0) = ? and name = ?")
                .params(organizationId == null ? 0 : organizationId, name).update();
        references.changed(TABLE);
        return deleted > 0;
    }

    /** The stored routes (the routes file's are code already), so that the export imports back as it is. */
    List<Route> stored(Long organizationId) {
        return list(organizationId).stream().filter(route -> !route.fromFile()).toList();
    }

    String exportYaml(Long organizationId) {
        return RouteYaml.write(stored(organizationId));
    }

    /**
     * Replaces the stored routes of the organization (null: the platform-wide ones) by the document's, all or nothing.
     *
     * @return the routes stored
     * @throws IllegalArgumentException naming the first route that is not valid; nothing is changed then
     */
    @Transactional
    List<Route> importYaml(Long organizationId, String text) {
        List<Route> routes = RouteYaml.read(text).stream().map(route -> checked(organizationId, route)).toList();
        jdbc.sql("delete from gateway_route where coalesce(organization_id, 0) = ?").param(organizationId == null ? 0 : organizationId)
                .update();
        routes.forEach(route -> save(organizationId, route));
        references.changed(TABLE);
        return routes;
    }

    /** The routes file's routes, checked as a whole (an organization they name must exist; their models too). */
    List<FileRoute> checkedFileRoutes(List<Route> routes) {
        return routes.stream().map(route -> {
            Long organizationId = route.organization() == null ? null : organizations.idOfSlug(route.organization())
                    .orElseThrow(() -> new IllegalArgumentException("Route '" + route.name() + "': there is no organization '"
                            + route.organization() + "'."));
            checkModels(organizationId, route);
            return new FileRoute(organizationId, route.readOnly());
        }).toList();
    }

    /** The routes file's routes from now on. */
    void useFileRoutes(List<FileRoute> routes) {
        fileRoutes = List.copyOf(routes);
        references.changed(TABLE);
    }

    private Route checked(Long organizationId, Route route) {
        String slug = organizationId == null ? null : organizations.billingDetails(organizationId).slug();
        if (route.organization() != null && !route.organization().equals(slug)) {
            throw new IllegalArgumentException("Route '" + route.name() + "' names the organization '" + route.organization() + "': "
                    + (slug == null ? "platform-wide routes name none." : "routes stored here are this organization's ('" + slug + "')."));
        }
        refuseFileRoute(organizationId, route.name());
        checkModels(organizationId, route);
        return new Route(route.name(), null, route.strategy(), route.retries(), route.cacheTtl(), route.targets(), route.fallback(),
                route.downgrade(), route.contentPolicyFallback(), false);
    }

    private void checkModels(Long organizationId, Route route) {
        if (route.name().isBlank() || route.name().length() > Route.NAME_LENGTH) {
            throw new IllegalArgumentException("A route's name is 1 to " + Route.NAME_LENGTH + " characters.");
        }
        if (route.retries() < 0 || route.retries() > Route.MAX_RETRIES) {
            throw new IllegalArgumentException("Route '" + route.name() + "': retries must be from 0 to " + Route.MAX_RETRIES + ".");
        }
        if (route.targets().isEmpty() || route.targets().size() > Route.MAX_TARGETS) {
            throw new IllegalArgumentException("Route '" + route.name() + "': list 1 to " + Route.MAX_TARGETS + " targets.");
        }
        if (route.cacheTtl() != null && (route.cacheTtl().toSeconds() < 1 || route.cacheTtl().compareTo(Route.LONGEST_CACHE_TTL) > 0)) {
            throw new IllegalArgumentException("Route '" + route.name() + "': the cache ttl is 1 second to 30 days.");
        }
        List<String> models = new ArrayList<>();
        for (Route.Target target : route.targets()) {
            if (target.weight() < 1) {
                throw new IllegalArgumentException("Route '" + route.name() + "': a target's weight is at least 1.");
            }
            models.add(target.model());
        }
        models.addAll(route.fallback());
        if (route.downgrade() != null) {
            models.add(route.downgrade().to());
        }
        for (String model : models) {
            if (model == null || model.isBlank() || model.length() > Route.MODEL_LENGTH) {
                throw new IllegalArgumentException("Route '" + route.name() + "': a model name is 1 to " + Route.MODEL_LENGTH + " characters.");
            }
            try {
                targets.requireModel(organizationId, model);
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("Route '" + route.name() + "': " + unknown.getMessage());
            }
        }
    }

    private void refuseFileRoute(Long organizationId, String name) {
        for (FileRoute file : fileRoutes) {
            if (file.route().name().equals(name) && java.util.Objects.equals(file.organizationId(), organizationId)) {
                throw new IllegalArgumentException("Route '" + name + "' is defined in the routes file (TOKENTALLY_GATEWAY_ROUTES_FILE):"
                        + " change it there.");
            }
        }
    }

    /** The stored routes, then the file's over them. */
    private Map<String, Named> load() {
        Map<String, Named> routes = new HashMap<>();
        Map<Long, String> slugs = new HashMap<>();
        jdbc.sql("select organization_id, definition from gateway_route").query((row, number) -> {
            Long organizationId = row.getObject("organization_id", Long.class);
            Route route = RouteYaml.read(row.getString("definition")).getFirst();
            if (organizationId != null) {
                route = route.forOrganization(slugs.computeIfAbsent(organizationId, id -> organizations.billingDetails(id).slug()));
            }
            return new FileRoute(organizationId, route);
        }).list().forEach(stored -> put(routes, stored));
        fileRoutes.forEach(file -> put(routes, file));
        return routes;
    }

    private static void put(Map<String, Named> routes, FileRoute route) {
        routes.put(route.route().name(), routes.getOrDefault(route.route().name(), new Named(Map.of(), null))
                .with(route.organizationId(), route.route()));
    }
}
