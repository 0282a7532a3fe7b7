package dev.tokentally.gateway.routing;

import java.util.List;

import dev.tokentally.base.Roles;
import dev.tokentally.organizations.OrganizationAccess;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * The routes as the Gateway page edits them: an organization's (its admins, and platform admins) and the platform-wide
 * ones (platform admins). Routes of the routes file are listed with {@link Route#fromFile()} set and cannot be saved,
 * deleted or replaced here. Invalid input is refused with an {@link IllegalArgumentException} whose message says what
 * is wrong, and nothing is changed.
 */
@Service
public class GatewayRoutes {

    private final RouteBook book;
    private final OrganizationAccess access;

    GatewayRoutes(RouteBook book, OrganizationAccess access) {
        this.book = book;
        this.access = access;
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public List<Route> list(long organizationId) {
        access.requireAccessTo(organizationId);
        return book.list(organizationId);
    }

    @PreAuthorize(Roles.IS_ADMIN)
    public void save(long organizationId, Route route) {
        access.requireAccessTo(organizationId);
        book.save(organizationId, route);
    }

    /** @return whether there was such a stored route */
    @PreAuthorize(Roles.IS_ADMIN)
    public boolean delete(long organizationId, String name) {
        access.requireAccessTo(organizationId);
        return book.delete(organizationId, name);
    }

    /** The organization's stored routes as a {@code routes:} YAML document (the routes file's format; its routes left out). */
    @PreAuthorize(Roles.IS_ADMIN)
    public String exportYaml(long organizationId) {
        access.requireAccessTo(organizationId);
        return book.exportYaml(organizationId);
    }

    /** Replaces the organization's stored routes by the document's, all or nothing; @return the routes now stored. */
    @PreAuthorize(Roles.IS_ADMIN)
    public List<Route> importYaml(long organizationId, String yaml) {
        access.requireAccessTo(organizationId);
        return book.importYaml(organizationId, yaml);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public List<Route> listPlatform() {
        return book.list(null);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public void savePlatform(Route route) {
        book.save(null, route);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public boolean deletePlatform(String name) {
        return book.delete(null, name);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public String exportPlatformYaml() {
        return book.exportYaml(null);
    }

    @PreAuthorize(Roles.IS_PLATFORM_ADMIN)
    public List<Route> importPlatformYaml(String yaml) {
        return book.importYaml(null, yaml);
    }

    /** A route as the routes document writes it (name, strategy, targets... as YAML fields), for a form to show. */
    public static String toYaml(Route route) {
        return RouteYaml.write(List.of(route));
    }

    /** One route read from a {@code routes:} document of one route, for a form's text; @throws IllegalArgumentException */
    public static Route fromYaml(String yaml) {
        List<Route> routes = RouteYaml.read(yaml);
        if (routes.size() != 1) {
            throw new IllegalArgumentException("Write exactly one route.");
        }
        return routes.getFirst();
    }
}
