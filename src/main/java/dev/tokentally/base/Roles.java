package dev.tokentally.base;

/**
 * Role names for {@code @RolesAllowed} on views, and the matching expressions for {@code @PreAuthorize}
 * on services, in one place. (Services do not use {@code @RolesAllowed}: Spring would then proxy every
 * view carrying it as well.)
 */
public final class Roles {

    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";
    public static final String ORG_ADMIN = "ORG_ADMIN";
    public static final String MEMBER = "MEMBER";

    /** Method-security expressions for services ({@code @PreAuthorize}); views use the names above. */
    public static final String IS_PLATFORM_ADMIN = "hasRole('PLATFORM_ADMIN')";
    public static final String IS_ADMIN = "hasAnyRole('PLATFORM_ADMIN', 'ORG_ADMIN')";
    public static final String IS_SIGNED_IN = "isAuthenticated()";

    private Roles() {
    }
}
