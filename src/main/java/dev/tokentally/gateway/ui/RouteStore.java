package dev.tokentally.gateway.ui;

import java.util.List;

import dev.tokentally.gateway.routing.GatewayRoutes;
import dev.tokentally.gateway.routing.Route;

/** The routes one routes section edits: an organization's, or the platform-wide ones. */
interface RouteStore {

    List<Route> list();

    /** @throws IllegalArgumentException saying what is wrong; nothing is saved then */
    void save(Route route);

    boolean delete(String name);

    String exportYaml();

    /** Replaces the stored routes, all or nothing; @throws IllegalArgumentException, nothing changed then */
    List<Route> importYaml(String yaml);

    static RouteStore of(GatewayRoutes routes, long organizationId) {
        return new RouteStore() {
            public List<Route> list() {
                return routes.list(organizationId);
            }

            public void save(Route route) {
                routes.save(organizationId, route);
            }

            public boolean delete(String name) {
                return routes.delete(organizationId, name);
            }

            public String exportYaml() {
                return routes.exportYaml(organizationId);
            }

            public List<Route> importYaml(String yaml) {
                return routes.importYaml(organizationId, yaml);
            }
        };
    }

    static RouteStore platform(GatewayRoutes routes) {
        return new RouteStore() {
            public List<Route> list() {
                return routes.listPlatform();
            }

            public void save(Route route) {
                routes.savePlatform(route);
            }

            public boolean delete(String name) {
                return routes.deletePlatform(name);
            }

            public String exportYaml() {
                return routes.exportPlatformYaml();
            }

            public List<Route> importYaml(String yaml) {
                return routes.importPlatformYaml(yaml);
            }
        };
    }
}
